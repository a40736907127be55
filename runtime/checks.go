package runtime

import (
	"context"
	"fmt"
	"strings"

	"github.com/quill-etl/quill/adapters"
	"github.com/quill-etl/quill/models"
)

// maxExamples is how many failing rows a check reports.
const maxExamples = 10

// checkQuery is the SQL of one check against one relation: Failures counts
// the failing rows (or groups), Examples shows up to maxExamples of them.
type checkQuery struct {
	Failures string
	Examples string
	Args     []any
	// Screen, when set, is an aggregate expression over the checked
	// relation alone that is 0 exactly when Failures would count 0. The
	// screens of all of a relation's checks are computed in one scan
	// (runChecks), and Failures and Examples run only for a check whose
	// screen is not 0: on a 10M-row table the exact primary-key query (a
	// GROUP BY over every key) costs about as much as building the table,
	// while count(DISTINCT key) in a scan shared with the other checks costs
	// a small fraction of it.
	Screen string
}

// physicalFunc maps a node name ("schema.name") to its physical relation.
type physicalFunc func(name string) (adapters.RelName, bool)

// buildCheck returns the SQL that evaluates c on rel, or an error for a check
// this version cannot run.
func buildCheck(c models.Check, rel adapters.RelName, physical physicalFunc) (checkQuery, error) {
	t := rel.Quoted()
	cols := quoteAll(c.Columns)
	switch c.Kind {
	case "primary_key":
		nulls := make([]string, len(cols))
		for i, col := range cols {
			nulls[i] = col + " IS NULL"
		}
		dup := fmt.Sprintf(`SELECT %s, count(*) AS duplicates FROM %s GROUP BY %s HAVING count(*) > 1`, strings.Join(cols, ", "), t, strings.Join(cols, ", "))
		where := strings.Join(nulls, " OR ")
		return checkQuery{
			Failures: fmt.Sprintf(`SELECT (SELECT count(*) FROM (%s) AS d) + (SELECT count(*) FROM %s WHERE %s)`, dup, t, where),
			Examples: fmt.Sprintf(`SELECT * FROM (%s) AS d ORDER BY duplicates DESC LIMIT %d`, dup, maxExamples),
			// rows beyond the first of each key, plus rows with a NULL in
			// the key: 0 exactly when no key repeats and none is NULL
			Screen: fmt.Sprintf(`count(*) - count(DISTINCT %s) + count(*) FILTER (WHERE %s)`, distinctKey(cols), where),
		}, nil
	case "unique":
		dup := fmt.Sprintf(`SELECT %s, count(*) AS duplicates FROM %s WHERE %s GROUP BY %s HAVING count(*) > 1`,
			strings.Join(cols, ", "), t, notNull(cols), strings.Join(cols, ", "))
		q := rowsCheck(dup)
		nn := notNull(cols)
		q.Screen = fmt.Sprintf(`count(*) FILTER (WHERE %s) - count(DISTINCT %s) FILTER (WHERE %s)`, nn, distinctKey(cols), nn)
		return q, nil
	case "not_null":
		nulls := make([]string, len(cols))
		for i, col := range cols {
			nulls[i] = col + " IS NULL"
		}
		q := rowsCheck(fmt.Sprintf(`SELECT * FROM %s WHERE %s`, t, strings.Join(nulls, " OR ")))
		q.Screen = fmt.Sprintf(`count(*) FILTER (WHERE %s)`, strings.Join(nulls, " OR "))
		return q, nil
	case "accepted_values":
		if len(cols) != 1 {
			return checkQuery{}, fmt.Errorf("accepted_values needs one column")
		}
		ph := make([]string, len(c.Values))
		args := make([]any, len(c.Values))
		for i, v := range c.Values {
			ph[i] = fmt.Sprintf("$%d", i+1)
			args[i] = v
		}
		q := rowsCheck(fmt.Sprintf(`SELECT * FROM %s WHERE %s IS NOT NULL AND CAST(%s AS text) NOT IN (%s)`, t, cols[0], cols[0], strings.Join(ph, ", ")))
		q.Args = args
		return q, nil
	case "relationships":
		return relationshipsCheck(c, t, cols, physical)
	case "expression":
		return rowsCheck(fmt.Sprintf(`SELECT * FROM %s WHERE NOT coalesce((%s), false)`, t, c.Expr)), nil
	case "row_count":
		return rowCountCheck(c, t, physical)
	case "custom":
		return rowsCheck(strings.ReplaceAll(c.Expr, models.GatePlaceholder, t)), nil
	case "freshness":
		if len(cols) != 1 {
			return checkQuery{}, fmt.Errorf("freshness needs one column")
		}
		return checkQuery{
			Failures: fmt.Sprintf(`SELECT CASE WHEN max(%s) >= now() - CAST($1 AS interval) THEN 0 ELSE 1 END FROM %s`, cols[0], t),
			Examples: fmt.Sprintf(`SELECT max(%s) AS newest FROM %s`, cols[0], t),
			Args:     []any{fmt.Sprintf("%d seconds", c.MaxAgeS)},
		}, nil
	}
	return checkQuery{}, fmt.Errorf("check kind %q cannot run yet", c.Kind)
}

// rowsCheck counts and samples the rows of a query that returns failing rows.
func rowsCheck(failing string) checkQuery {
	return checkQuery{
		Failures: fmt.Sprintf(`SELECT count(*) FROM (%s) AS f`, failing),
		Examples: fmt.Sprintf(`SELECT * FROM (%s) AS f LIMIT %d`, failing, maxExamples),
	}
}

func relationshipsCheck(c models.Check, t string, cols []string, physical physicalFunc) (checkQuery, error) {
	i := strings.LastIndexByte(c.Of, '.')
	if len(cols) != 1 || i < 0 {
		return checkQuery{}, fmt.Errorf("relationships needs one column and to = \"schema.name.column\"")
	}
	to, ok := physical(c.Of[:i])
	if !ok {
		return checkQuery{}, fmt.Errorf("relationships: unknown relation %s", c.Of[:i])
	}
	toCol := adapters.QuoteIdent(c.Of[i+1:])
	return rowsCheck(fmt.Sprintf(`SELECT * FROM %s AS c WHERE c.%s IS NOT NULL AND NOT EXISTS (SELECT 1 FROM %s AS p WHERE p.%s = c.%s)`,
		t, cols[0], to.Quoted(), toCol, cols[0])), nil
}

func rowCountCheck(c models.Check, t string, physical physicalFunc) (checkQuery, error) {
	count := fmt.Sprintf(`(SELECT count(*) FROM %s)`, t)
	var cond string
	switch {
	case c.Of != "":
		of, ok := physical(c.Of)
		if !ok {
			return checkQuery{}, fmt.Errorf("row_count: unknown relation %s", c.Of)
		}
		other := fmt.Sprintf(`(SELECT count(*) FROM %s)`, of.Quoted())
		op := "="
		if c.Op == "le" {
			op = "<="
		}
		cond = count + " " + op + " " + other
		return checkQuery{
			Failures: fmt.Sprintf(`SELECT CASE WHEN %s THEN 0 ELSE 1 END`, cond),
			Examples: fmt.Sprintf(`SELECT %s AS row_count, %s AS %s`, count, other, adapters.QuoteIdent("rows_of_"+c.Of)),
			Screen:   fmt.Sprintf(`CASE WHEN count(*) %s %s THEN 0 ELSE 1 END`, op, other),
		}, nil
	case c.Min != nil || c.Max != nil:
		var parts, screen []string
		if c.Min != nil {
			parts = append(parts, fmt.Sprintf("%s >= %d", count, *c.Min))
			screen = append(screen, fmt.Sprintf("count(*) >= %d", *c.Min))
		}
		if c.Max != nil {
			parts = append(parts, fmt.Sprintf("%s <= %d", count, *c.Max))
			screen = append(screen, fmt.Sprintf("count(*) <= %d", *c.Max))
		}
		cond = strings.Join(parts, " AND ")
		return checkQuery{
			Failures: fmt.Sprintf(`SELECT CASE WHEN %s THEN 0 ELSE 1 END`, cond),
			Examples: fmt.Sprintf(`SELECT %s AS row_count`, count),
			Screen:   fmt.Sprintf(`CASE WHEN %s THEN 0 ELSE 1 END`, strings.Join(screen, " AND ")),
		}, nil
	}
	return checkQuery{}, fmt.Errorf("row_count needs of, min or max")
}

func quoteAll(cols []string) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = adapters.QuoteIdent(c)
	}
	return out
}

// distinctKey is the argument of count(DISTINCT …) for a key: the column,
// or a row of the columns.
func distinctKey(cols []string) string {
	if len(cols) == 1 {
		return cols[0]
	}
	return "(" + strings.Join(cols, ", ") + ")"
}

func notNull(cols []string) string {
	parts := make([]string, len(cols))
	for i, c := range cols {
		parts[i] = c + " IS NOT NULL"
	}
	return strings.Join(parts, " AND ")
}

// CheckOutcome is the result of one check, with example failing rows.
type CheckOutcome struct {
	Check    models.Check
	Status   string // pass | fail | warn | error
	Failures int64
	Columns  []string
	Examples [][]any
	Err      string
}

// runChecks evaluates checks on rel. A check that cannot run is an error
// outcome, which gates like a failure. The checks' screens are computed
// first, all in one query (one scan of rel); a check whose screen is 0
// passes with 0 failures, the others run their exact queries, so failure
// counts and examples are what those queries give. When the screen query
// cannot run, every check runs its exact query.
func runChecks(ctx context.Context, wh adapters.Querier, checks []models.Check, rel adapters.RelName, physical physicalFunc) []CheckOutcome {
	out := make([]CheckOutcome, 0, len(checks))
	qs := make([]checkQuery, len(checks))
	errs := make([]error, len(checks))
	for i, c := range checks {
		qs[i], errs[i] = buildCheck(c, rel, physical)
	}
	passed := screen(ctx, wh, qs, errs, rel)
	for i, c := range checks {
		o := CheckOutcome{Check: c, Status: "pass"}
		q, err := qs[i], errs[i]
		if err == nil && !passed[i] {
			var res *adapters.Result
			if res, err = wh.Query(ctx, q.Failures, q.Args...); err == nil && len(res.Rows) == 1 {
				o.Failures = i64(res.Rows[0][0])
			}
		}
		switch {
		case err != nil:
			o.Status, o.Err = "error", err.Error()
		case o.Failures > 0:
			o.Status = "fail"
			if c.Severity == "warn" || !c.Gate {
				o.Status = "warn"
			}
			if ex, err := wh.Query(ctx, q.Examples, q.Args...); err == nil {
				o.Columns, o.Examples = ex.Columns, ex.Rows
			}
		}
		out = append(out, o)
	}
	return out
}

// screen computes the screens of qs (those that built) in one query over
// rel and reports which checks passed by their screen alone.
func screen(ctx context.Context, wh adapters.Querier, qs []checkQuery, errs []error, rel adapters.RelName) []bool {
	passed := make([]bool, len(qs))
	var exprs []string
	var idx []int
	for i, q := range qs {
		if errs[i] == nil && q.Screen != "" {
			exprs = append(exprs, q.Screen)
			idx = append(idx, i)
		}
	}
	if len(exprs) == 0 {
		return passed
	}
	res, err := wh.Query(ctx, "SELECT "+strings.Join(exprs, ", ")+" FROM "+rel.Quoted())
	if err != nil || len(res.Rows) != 1 || len(res.Rows[0]) != len(exprs) {
		return passed
	}
	for j, i := range idx {
		passed[i] = isZero(res.Rows[0][j])
	}
	return passed
}

// isZero reports whether v is an integer 0; anything else (NULL, a type a
// driver returns for wider integers) counts as "run the exact query".
func isZero(v any) bool {
	switch x := v.(type) {
	case int64:
		return x == 0
	case int32:
		return x == 0
	case int:
		return x == 0
	}
	return false
}

package sqlparse

import (
	"sort"
	"strings"
)

// Key is a set of columns of an input relation whose values identify its
// rows. NotNull says no row has a NULL in any of them (a primary key); a key
// that may hold NULLs is unique among its non-NULL values only (SQL UNIQUE)
// and is used only to show that a join cannot fan out.
type Key struct {
	Columns []string
	NotNull bool
}

// KeyCatalog returns the known keys of a real input relation (a declared
// primary key, a source's key, a key inferred for an upstream model); nil
// when none is known. schema is "" for an unqualified reference.
type KeyCatalog func(schema, name string) []Key

// RelName names a real relation as written in the query.
type RelName struct{ Schema, Name string }

// The kinds of InferredCheck.
const (
	CheckPrimaryKey = "primary_key" // Columns: unique and never NULL
	CheckUnique     = "unique"      // Columns: unique among rows where none is NULL
	CheckRowCount   = "row_count"   // the row count compared with Of's: Op "eq" or "le"
)

// InferredCheck is a quality check that follows from the query's shape
// alone: it holds for every correct execution of the query over inputs that
// satisfy their keys. Rule names the reasoning that produced it.
type InferredCheck struct {
	Kind    string
	Columns []string // primary_key, unique: output column names, in output order
	Op      string   // row_count: "eq" or "le"
	Of      RelName  // row_count: the input relation compared with
	Rule    string
}

// The rules an InferredCheck can carry.
const (
	RuleGroupBy        = "group_by"         // every GROUP BY expression is projected
	RuleDistinct       = "distinct"         // SELECT DISTINCT: all output columns
	RuleDistinctOn     = "distinct_on"      // the DISTINCT ON expressions
	RuleUnion          = "union"            // UNION / INTERSECT / EXCEPT without ALL: all output columns
	RuleRowNumber      = "row_number"       // (partition, row_number()) is unique
	RuleRowNumberDedup = "row_number_dedup" // row_number() … = 1 keeps one row per partition
	RuleCarried        = "carried"          // an input's key carried through projections, filters and joins that cannot fan out
	RuleProjection     = "projection"       // every row of the single input, once
	RuleLeftJoin       = "left_join_unique" // a LEFT JOIN onto a unique key keeps the left side's rows
	RuleJoin           = "join_unique"      // an inner join onto a unique key can drop rows, not add them
	RuleFilter         = "filter"           // WHERE (or TABLESAMPLE, ONLY) can only drop rows
	RuleSemiJoin       = "semi_join"        // WHERE EXISTS / IN (subquery) can only drop rows
	RuleLimit          = "limit"            // LIMIT / OFFSET / FETCH can only drop rows
	RuleSetOp          = "set_op"           // INTERSECT / EXCEPT keep a subset of the left side
)

// maxKeyChecks bounds the key checks of one model: each costs a GROUP BY
// over the built table.
const maxKeyChecks = 3

// Checks infers the checks that the query's shape guarantees, given the
// columns (cat) and keys (keys) of its inputs; either may be nil. Soundness
// comes first: a check is emitted only when it holds for every input that
// satisfies its keys, so anything the analysis does not understand (an
// unknown function that might aggregate or return a set, GROUPING SETS, a
// join that can fan out, an outer join that can null a key, a column whose
// name differs between engines) yields no check. A key whose columns may be
// NULL is emitted as unique, and only when no primary key was found. The
// result is sorted by Kind, then Columns.
func (q *Query) Checks(cat Catalog, keys KeyCatalog) []InferredCheck {
	a := &kan{cat: cat, keys: keys, nn: make([]bool, 0, 64), rn: make([]bool, 0, 64)}
	r := a.selectRel(q.sel, nil)
	out := a.keyChecks(r)
	if r.count.op != "" {
		out = append(out, InferredCheck{Kind: CheckRowCount, Op: r.count.op, Of: r.count.of, Rule: r.count.rule})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Kind != out[j].Kind {
			return out[i].Kind < out[j].Kind
		}
		return strings.Join(out[i].Columns, "\x00") < strings.Join(out[j].Columns, "\x00")
	})
	return out
}

// keyChecks turns the output's keys into checks: the minimal ones whose
// columns can be named, shortest first.
func (a *kan) keyChecks(r *krel) []InferredCheck {
	var pks, uniq []InferredCheck
	for _, k := range minimalKeys(r.keys) {
		cols, nn, ok := a.keyColumns(r, k.ids)
		if !ok {
			continue
		}
		if nn {
			pks = append(pks, InferredCheck{Kind: CheckPrimaryKey, Columns: cols, Rule: k.rule})
		} else {
			uniq = append(uniq, InferredCheck{Kind: CheckUnique, Columns: cols, Rule: k.rule})
		}
	}
	if len(pks) == 0 {
		pks = uniq
	}
	if len(pks) > maxKeyChecks {
		pks = pks[:maxKeyChecks]
	}
	return pks
}

// keyColumns names the output columns of a key, in output order. A key is
// nameable when each id has a column with an engine-independent name that
// no other output column shares; nn says none of them can be NULL.
func (a *kan) keyColumns(r *krel, ids []int) (cols []string, nn, ok bool) {
	if len(ids) == 0 || r.open && !r.single {
		return nil, false, false
	}
	names := map[string]int{}
	for _, c := range r.cols {
		names[c.name]++
	}
	nn = true
	for _, c := range r.cols {
		if !containsID(ids, c.id) || !c.sure || names[c.name] != 1 || containsStr(cols, c.name) {
			continue
		}
		if len(cols) > 0 && a.usedID(r, cols, c.id) {
			continue
		}
		cols = append(cols, c.name)
		nn = nn && a.nn[c.id]
	}
	return cols, nn, len(cols) == len(ids)
}

// usedID reports whether id already has a column among cols (two output
// columns can carry one value: `SELECT id, id AS id2`).
func (a *kan) usedID(r *krel, cols []string, id int) bool {
	for _, c := range r.cols {
		if c.id == id && containsStr(cols, c.name) {
			return true
		}
	}
	return false
}

// minimalKeys drops keys that contain another key, then orders them by
// size; the first rule seen for a set of columns wins.
func minimalKeys(keys []kkey) []kkey {
	var out []kkey
	for i, k := range keys {
		minimal := true
		for j, o := range keys {
			if i != j && subset(o.ids, k.ids) && (len(o.ids) < len(k.ids) || j < i) {
				minimal = false
				break
			}
		}
		if minimal {
			out = append(out, k)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return len(out[i].ids) < len(out[j].ids) })
	return out
}

func containsStr(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

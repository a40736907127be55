package extract

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/quill-etl/quill/adapters"
)

// DefaultSample is how many keys SampleDiff compares when asked for n <= 0
// (SPEC §5).
const DefaultSample = 100

// maxExamples caps DiffReport.Examples (SPEC §5: up to 10 example rows).
const maxExamples = 10

// lookupBatch is how many keys one lookup query binds: few enough to stay
// far below the servers' 65535-parameter limit with composite keys, many
// enough that sampling everything in a test takes few round trips.
const lookupBatch = 500

// DiffReport is the result of a sampled diff between a source query and the
// relation it landed as.
type DiffReport struct {
	Sampled    int           `json:"sampled"`    // keys sampled from the warehouse relation
	Mismatched int           `json:"mismatched"` // sampled rows where at least one column differs
	Missing    int           `json:"missing"`    // sampled keys the source query no longer returns (or, rarely, the warehouse)
	Examples   []DiffExample `json:"examples,omitempty"`
}

// OK reports whether every sampled row matched.
func (r DiffReport) OK() bool { return r.Mismatched == 0 && r.Missing == 0 }

// DiffExample is one difference found by SampleDiff: a column whose values
// differ, or (Missing) a key one side no longer returns; then Source and
// Warehouse hold the whole row of the side that has it, as text.
type DiffExample struct {
	Key       []any  `json:"key"`
	Column    string `json:"column,omitempty"` // empty when Missing
	Missing   bool   `json:"missing,omitempty"`
	Source    any    `json:"source"`
	Warehouse any    `json:"warehouse"`
}

// SampleDiff compares a sample of the rows landed in rel with what the source
// query srcSQL returns for the same keys now. It picks n random keys (n <= 0:
// DefaultSample; more than the relation holds: all of them) from rel, reads
// those rows back from both sides, looking them up with bound parameters
// (srcSQL is wrapped as SELECT * FROM (srcSQL) AS q WHERE key IN (…)), and
// compares every column of the source query with the warehouse column of the
// same name.
//
// Keys are sampled from the warehouse, not the source: random sampling scans
// and sorts the whole result, which is cheap in the warehouse and a burden on
// an OLTP database, which only has to answer key lookups here. Rows that
// never landed are what the row-count check (landed = extracted) catches;
// this diff catches rows that landed wrong, and counts sampled keys the
// source no longer returns as Missing. Rows with a NULL key are not sampled.
//
// Numbers (integers, floats and decimals, of either side) are equal when
// |a-b| <= tolerance * max(1, |a|, |b|): an absolute tolerance near zero and
// a relative one for large values; tolerance 0 asks for exact equality.
// Times are compared as instants, json as parsed JSON, everything else
// exactly. ctx covers the whole comparison.
func SampleDiff(ctx context.Context, src *Source, srcSQL string, wh adapters.Warehouse, rel adapters.RelName, key []string, n int, tolerance float64) (DiffReport, error) {
	var rep DiffReport
	if len(key) == 0 {
		return rep, fmt.Errorf("extract: sampled diff of %s: no key columns", rel)
	}
	if tolerance < 0 || math.IsNaN(tolerance) {
		return rep, fmt.Errorf("extract: sampled diff of %s: tolerance %v is negative", rel, tolerance)
	}
	if n <= 0 {
		n = DefaultSample
	}
	sample, err := sampleRows(ctx, wh, rel, key, n)
	if err != nil {
		return rep, err
	}
	whRows, keys := batchOf(sample, key)
	rep.Sampled = len(keys)
	d := &differ{src: src, srcSQL: strings.TrimRight(strings.TrimSpace(srcSQL), ";"), wh: wh, rel: rel, key: key, tol: tolerance, rep: &rep}
	for start := 0; start < len(keys); start += lookupBatch {
		if err := d.compare(ctx, keys[start:min(start+lookupBatch, len(keys))], whRows); err != nil {
			return rep, err
		}
	}
	return rep, nil
}

// sampleRows reads n random rows of rel with a non-NULL key, whole: one
// scan of the warehouse relation gives both the keys to look up in the source
// and the warehouse side of the comparison (looking the keys up again would
// scan the new, unindexed table a second time). ORDER BY random() works in
// both DuckDB and PostgreSQL.
func sampleRows(ctx context.Context, wh adapters.Warehouse, rel adapters.RelName, key []string, n int) (*adapters.Result, error) {
	notNull := make([]string, len(key))
	for i, k := range key {
		notNull[i] = adapters.QuoteIdent(k) + " IS NOT NULL"
	}
	q := `SELECT * FROM ` + rel.Quoted() + ` WHERE ` + strings.Join(notNull, " AND ") + ` ORDER BY random() LIMIT $1`
	res, err := wh.Query(ctx, q, int64(n))
	if err != nil {
		return nil, fmt.Errorf("extract: sampling rows of %s: %w", rel, err)
	}
	return res, nil
}

// differ compares batches of sampled keys and fills rep.
type differ struct {
	src    *Source
	srcSQL string
	wh     adapters.Warehouse
	rel    adapters.RelName
	key    []string
	tol    float64
	rep    *DiffReport
}

// keyFilter renders "k IN (p1, p2, …)" for one key column, or
// "(k1 = p1 AND k2 = p2) OR …" for several, with markers from ph.
func keyFilter(cols []string, n int, ph func(int) string) string {
	var b strings.Builder
	p := 0
	if len(cols) == 1 {
		b.WriteString(cols[0] + " IN (")
		for i := range n {
			if i > 0 {
				b.WriteString(", ")
			}
			p++
			b.WriteString(ph(p))
		}
		b.WriteString(")")
		return b.String()
	}
	for i := range n {
		if i > 0 {
			b.WriteString(" OR ")
		}
		b.WriteString("(")
		for j, c := range cols {
			if j > 0 {
				b.WriteString(" AND ")
			}
			p++
			b.WriteString(c + " = " + ph(p))
		}
		b.WriteString(")")
	}
	return b.String()
}

func (d *differ) compare(ctx context.Context, keys [][]any, whRows whBatch) error {
	args := make([]any, 0, len(keys)*len(d.key))
	for _, k := range keys {
		args = append(args, k...)
	}
	srcRows, srcCols, err := d.sourceRows(ctx, keys, args)
	if err != nil {
		return err
	}
	for _, c := range srcCols {
		if _, ok := whRows.index[c.Name]; !ok {
			return fmt.Errorf("extract: sampled diff of %s: the source query's column %q is not in the relation", d.rel, c.Name)
		}
	}
	for _, k := range keys {
		ks := keyString(k)
		w, ok := whRows.rows[ks]
		s, found := srcRows[ks]
		if !ok || !found {
			d.rep.Missing++
			d.example(DiffExample{Key: k, Missing: true, Source: rowText(s), Warehouse: rowText(w)})
			continue
		}
		differs := false
		for i, c := range srcCols {
			j := whRows.index[c.Name]
			if !equalValues(s[i], w[j], c.Type, d.tol) {
				differs = true
				d.example(DiffExample{Key: k, Column: c.Name, Source: s[i], Warehouse: w[j]})
			}
		}
		if differs {
			d.rep.Mismatched++
		}
	}
	return nil
}

func (d *differ) example(e DiffExample) {
	if len(d.rep.Examples) < maxExamples {
		d.rep.Examples = append(d.rep.Examples, e)
	}
}

// whBatch holds the warehouse rows of one batch by key, and the position of
// each column by name.
type whBatch struct {
	rows  map[string][]any
	index map[string]int
}

// batchOf indexes sampled warehouse rows by key and returns the keys in
// sample order.
func batchOf(res *adapters.Result, key []string) (whBatch, [][]any) {
	b := whBatch{rows: make(map[string][]any, len(res.Rows)), index: make(map[string]int, len(res.Columns))}
	for i, c := range res.Columns {
		b.index[c] = i
	}
	keyAt := make([]int, len(key))
	for i, k := range key {
		keyAt[i] = b.index[k]
	}
	keys := make([][]any, 0, len(res.Rows))
	for _, r := range res.Rows {
		k := pick(r, keyAt)
		b.rows[keyString(k)] = r
		keys = append(keys, k)
	}
	return b, keys
}

// sourceRows looks the keys up in the source query and returns its rows by
// key, and its columns. A key the source returns twice is an error: the
// comparison would have to guess which row landed.
func (d *differ) sourceRows(ctx context.Context, keys [][]any, args []any) (map[string][]any, []columnType, error) {
	cols := make([]string, len(d.key))
	for i, k := range d.key {
		cols[i] = "q." + d.src.quote(k)
	}
	q := `SELECT * FROM (` + d.srcSQL + `) AS q WHERE ` + keyFilter(cols, len(keys), d.src.placeholder)
	rows, err := d.src.query(ctx, q, args...)
	if err != nil {
		return nil, nil, fmt.Errorf("extract: sampled diff of %s: %w", d.rel, err)
	}
	defer rows.Close()
	ct := make([]columnType, len(rows.Columns()))
	index := map[string]int{}
	for i, c := range rows.Columns() {
		ct[i] = columnType{Name: c.Name, Type: c.Type}
		index[c.Name] = i
	}
	keyAt := make([]int, len(d.key))
	for i, k := range d.key {
		j, ok := index[k]
		if !ok {
			return nil, nil, fmt.Errorf("extract: sampled diff of %s: key column %q is not in the source query", d.rel, k)
		}
		keyAt[i] = j
	}
	out := make(map[string][]any, len(keys))
	for {
		r, err := rows.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, nil, fmt.Errorf("extract: sampled diff of %s: %w", d.rel, err)
		}
		ks := keyString(pick(r, keyAt))
		if _, dup := out[ks]; dup {
			return nil, nil, fmt.Errorf("extract: sampled diff of %s: the source query returns key %v more than once", d.rel, pick(r, keyAt))
		}
		out[ks] = r
	}
	return out, ct, rows.Close()
}

type columnType struct{ Name, Type string }

// rowText renders a whole row for an example; nil when there is none.
func rowText(r []any) any {
	if r == nil {
		return nil
	}
	return fmt.Sprint(r)
}

func pick(row []any, at []int) []any {
	out := make([]any, len(at))
	for i, j := range at {
		out[i] = row[j]
	}
	return out
}

// keyString renders a key as a map key that is the same for the same key
// read from either side: integers in decimal whatever their Go type (a
// float key with an integral value too), times as UTC instants.
func keyString(k []any) string {
	var b strings.Builder
	for _, v := range k {
		switch x := v.(type) {
		case nil:
			b.WriteString("n")
		case int64:
			b.WriteString("i" + strconv.FormatInt(x, 10))
		case float64:
			if x == math.Trunc(x) && math.Abs(x) < 1<<53 {
				b.WriteString("i" + strconv.FormatInt(int64(x), 10))
			} else {
				b.WriteString("f" + strconv.FormatFloat(x, 'g', -1, 64))
			}
		case string:
			b.WriteString("s" + strconv.Quote(x))
		case []byte:
			b.WriteString("b" + hex.EncodeToString(x))
		case time.Time:
			b.WriteString("t" + x.UTC().Format(time.RFC3339Nano))
		default:
			b.WriteString("v" + strconv.Quote(fmt.Sprint(x)))
		}
		b.WriteByte('|')
	}
	return b.String()
}

package runtime

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/quill-etl/quill/adapters"
	"github.com/quill-etl/quill/models"
)

// UnitTestResult is the outcome of one unit test.
type UnitTestResult struct {
	Name       string     `json:"name"`
	Model      string     `json:"model"`
	Status     string     `json:"status"` // pass | fail | error
	Error      string     `json:"error,omitempty"`
	Columns    []string   `json:"columns,omitempty"`
	Missing    [][]string `json:"missing,omitempty"`    // expected rows the model did not return
	Unexpected [][]string `json:"unexpected,omitempty"` // rows it returned that were not expected
}

// RunUnitTests runs each unit test in a warehouse of its own from open (the
// embedded engine, in memory): the fixtures are loaded as the model's input
// relations, the model's SQL runs over them, and its rows are compared with
// the expected ones as multisets, on the columns the test names.
func RunUnitTests(ctx context.Context, open func(context.Context) (adapters.Warehouse, error), tests []models.UnitTest) []UnitTestResult {
	out := make([]UnitTestResult, 0, len(tests))
	for _, u := range tests {
		res := UnitTestResult{Name: u.Name, Model: u.Model}
		if err := runUnitTest(ctx, open, u, &res); err != nil {
			res.Status, res.Error = "error", err.Error()
		}
		out = append(out, res)
	}
	return out
}

func runUnitTest(ctx context.Context, open func(context.Context) (adapters.Warehouse, error), u models.UnitTest, res *UnitTestResult) error {
	wh, err := open(ctx)
	if err != nil {
		return err
	}
	defer wh.Close()
	for _, f := range u.Given {
		if err := loadFixture(ctx, wh, f); err != nil {
			return fmt.Errorf("loading the rows of %s: %w", f.Relation, err)
		}
	}
	cols := make([]string, len(u.Expect.Columns))
	for i, c := range u.Expect.Columns {
		cols[i] = adapters.QuoteIdent(c.Name)
		res.Columns = append(res.Columns, c.Name)
	}
	list := "*"
	if len(cols) > 0 {
		list = strings.Join(cols, ", ")
	}
	got, err := wh.Query(ctx, "SELECT "+list+" FROM (\n"+u.SQL+"\n) AS q")
	if err != nil {
		return fmt.Errorf("running %s: %w", u.Model, err)
	}
	res.Missing, res.Unexpected = multisetDiff(keysOf(u.Expect.Rows), keysOf(got.Rows))
	res.Status = "pass"
	if len(res.Missing)+len(res.Unexpected) > 0 {
		res.Status = "fail"
	}
	return nil
}

func loadFixture(ctx context.Context, wh adapters.Warehouse, f models.Fixture) error {
	rel := adapters.ParseRelName(f.Relation)
	if err := wh.EnsureSchema(ctx, rel.Schema); err != nil {
		return err
	}
	t, err := wh.LoadTemp(ctx, rel, f.Columns, &sliceSource{rows: f.Rows})
	if err != nil {
		return err
	}
	return wh.Swap(ctx, t)
}

// sliceSource is a RowSource over fixture rows.
type sliceSource struct {
	rows [][]any
	i    int
}

func (s *sliceSource) Next() ([]any, error) {
	if s.i >= len(s.rows) {
		return nil, io.EOF
	}
	s.i++
	return s.rows[s.i-1], nil
}

// keysOf renders rows as comparable text: numbers in one canonical form (a
// fixture's 10.5 equals a warehouse's "10.50"), dates without a time.
func keysOf(rows [][]any) [][]string {
	out := make([][]string, len(rows))
	for i, r := range rows {
		out[i] = make([]string, len(r))
		for j, v := range r {
			out[i][j] = canonical(v)
		}
	}
	return out
}

func canonical(v any) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case time.Time:
		if x.Equal(x.Truncate(24 * time.Hour)) {
			return x.UTC().Format("2006-01-02")
		}
		return x.UTC().Format(time.RFC3339Nano)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	s := fmt.Sprint(v)
	if f, err := strconv.ParseFloat(s, 64); err == nil && strings.ContainsAny(s, "0123456789") {
		return strconv.FormatFloat(f, 'g', -1, 64)
	}
	return s
}

// multisetDiff returns the rows of want missing from got, and the rows of
// got that want does not have, counting duplicates.
func multisetDiff(want, got [][]string) (missing, unexpected [][]string) {
	count := map[string]int{}
	byKey := map[string][]string{}
	for _, r := range got {
		k := strings.Join(r, "\x00")
		count[k]++
		byKey[k] = r
	}
	for _, r := range want {
		k := strings.Join(r, "\x00")
		if count[k] > 0 {
			count[k]--
			continue
		}
		missing = append(missing, r)
	}
	keys := make([]string, 0, len(count))
	for k := range count {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		for i := 0; i < count[k]; i++ {
			unexpected = append(unexpected, byKey[k])
		}
	}
	return missing, unexpected
}

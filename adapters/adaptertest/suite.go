package adaptertest

import (
	"context"
	"errors"
	"io"
	"sort"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/quill-etl/quill/adapters"
	"github.com/quill-etl/quill/models"
)

// Open returns a Warehouse on an empty target for one test. The suite closes
// it; the function may register t.Cleanup for anything else (a database to
// drop), which runs after the close.
type Open func(t testing.TB) adapters.Warehouse

// Run exercises every method of adapters.Warehouse against real data. Each
// subtest opens its own warehouse and runs in parallel with the others.
func Run(t *testing.T, open Open) {
	tests := []struct {
		name string
		fn   func(t *testing.T, w adapters.Warehouse)
	}{
		{"Dialect", testDialect},
		{"ExecQueryBound", testExecQueryBound},
		{"EnsureSchemaRelations", testEnsureSchemaRelations},
		{"QuotedIdentifiers", testQuotedIdentifiers},
		{"TypesRoundTrip", testTypesRoundTrip},
		{"LoadTempEmptyAndErrors", testLoadTempErrors},
		{"BuildTempInvisibleUntilSwap", testBuildTempInvisible},
		{"SwapOverTableViewNothing", testSwapKinds},
		{"ViewSurvivesSwaps", testViewSurvivesSwaps},
		{"FailedSwapKeepsOld", testFailedSwapKeepsOld},
		{"DropTemp", testDropTemp},
		{"CreateView", testCreateView},
		{"Drop", testDrop},
		{"CleanupTemps", testCleanupTemps},
		{"LongNames", testLongNames},
		{"ConcurrentBuilds", testConcurrentBuilds},
		{"Lock", testLock},
		{"IsTransient", testIsTransient},
		{"Merge", testMerge},
		{"Stream", testStream},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			w := open(t)
			t.Cleanup(func() {
				if err := w.Close(); err != nil {
					t.Errorf("Close: %v", err)
				}
			})
			tc.fn(t, w)
		})
	}
}

// ctxFor bounds each subtest so a hung database fails it instead of the
// whole test binary.
func ctxFor(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

func mustExec(t *testing.T, w adapters.Warehouse, sql string, args ...any) {
	t.Helper()
	if err := w.Exec(ctxFor(t), sql, args...); err != nil {
		t.Fatalf("Exec(%s): %v", sql, err)
	}
}

func mustQuery(t *testing.T, w adapters.Warehouse, sql string, args ...any) *adapters.Result {
	t.Helper()
	res, err := w.Query(ctxFor(t), sql, args...)
	if err != nil {
		t.Fatalf("Query(%s): %v", sql, err)
	}
	return res
}

// rows queries and returns only the rows.
func rows(t *testing.T, w adapters.Warehouse, sql string, args ...any) [][]any {
	t.Helper()
	return mustQuery(t, w, sql, args...).Rows
}

func diff(t *testing.T, what string, want, got any) {
	t.Helper()
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("%s (-want +got):\n%s", what, d)
	}
}

// relations returns "schema.name:kind" for each relation of the schemas.
func relations(t *testing.T, w adapters.Warehouse, schemas ...string) []string {
	t.Helper()
	rels, err := w.Relations(ctxFor(t), schemas)
	if err != nil {
		t.Fatalf("Relations: %v", err)
	}
	out := []string{}
	for _, r := range rels {
		out = append(out, r.Rel.String()+":"+r.Kind)
	}
	sort.Strings(out)
	return out
}

func rel(schema, name string) adapters.RelName { return adapters.RelName{Schema: schema, Name: name} }

func schema(t *testing.T, w adapters.Warehouse, name string) {
	t.Helper()
	if err := w.EnsureSchema(ctxFor(t), name); err != nil {
		t.Fatalf("EnsureSchema(%s): %v", name, err)
	}
}

// build makes a temporary table from SQL and swaps it in as r.
func build(t *testing.T, w adapters.Warehouse, r adapters.RelName, sql string) {
	t.Helper()
	ctx := ctxFor(t)
	tmp, err := w.BuildTemp(ctx, r, sql)
	if err != nil {
		t.Fatalf("BuildTemp(%s): %v", r, err)
	}
	if err := w.Swap(ctx, tmp); err != nil {
		t.Fatalf("Swap(%s): %v", r, err)
	}
}

// sliceRows is a RowSource over fixed rows.
type sliceRows struct {
	rows [][]any
	err  error // returned after the rows instead of io.EOF
}

func (s *sliceRows) Next() ([]any, error) {
	if len(s.rows) == 0 {
		if s.err != nil {
			return nil, s.err
		}
		return nil, io.EOF
	}
	r := s.rows[0]
	s.rows = s.rows[1:]
	return r, nil
}

func testDialect(t *testing.T, w adapters.Warehouse) {
	if d := w.Dialect(); d != "duckdb" && d != "postgres" {
		t.Errorf("Dialect() = %q", d)
	}
}

func testExecQueryBound(t *testing.T, w adapters.Warehouse) {
	schema(t, w, "s")
	mustExec(t, w, `CREATE TABLE s.kv (k text, v bigint, "at" timestamptz, ok boolean, f double precision)`)
	at := time.Date(2026, 11, 24, 13, 14, 15, 0, time.UTC)
	evil := `x'); DROP TABLE s.kv; --`
	mustExec(t, w, `INSERT INTO s.kv VALUES ($1, $2, $3, $4, $5)`, evil, int64(42), at, true, 1.5)
	mustExec(t, w, `INSERT INTO s.kv VALUES ($1, $2, $3, $4, $5)`, "b", nil, nil, nil, nil)
	res := mustQuery(t, w, `SELECT k, v, "at", ok, f FROM s.kv WHERE k = $1 OR k = $2 ORDER BY k`, evil, "b")
	diff(t, "columns", []string{"k", "v", "at", "ok", "f"}, res.Columns)
	diff(t, "rows", [][]any{{"b", nil, nil, nil, nil}, {evil, int64(42), at, true, 1.5}}, res.Rows)
	diff(t, "count(*) is an int64", [][]any{{int64(2)}}, rows(t, w, `SELECT count(*) FROM s.kv`))
	if err := w.Exec(ctxFor(t), `SELEC 1`); err == nil {
		t.Error("Exec of bad SQL: no error")
	}
	if _, err := w.Query(ctxFor(t), `SELECT * FROM s.nope`); err == nil {
		t.Error("Query of a missing table: no error")
	}
	diff(t, "empty result", 0, len(rows(t, w, `SELECT k FROM s.kv WHERE false`)))
}

func testEnsureSchemaRelations(t *testing.T, w adapters.Warehouse) {
	schema(t, w, "a")
	schema(t, w, "a") // idempotent
	schema(t, w, "b")
	mustExec(t, w, `CREATE TABLE a.t1 (x int)`)
	mustExec(t, w, `CREATE VIEW a.v1 AS SELECT x FROM a.t1`)
	mustExec(t, w, `CREATE TABLE b.t2 (x int)`)
	diff(t, "a", []string{"a.t1:table", "a.v1:view"}, relations(t, w, "a"))
	diff(t, "a,b", []string{"a.t1:table", "a.v1:view", "b.t2:table"}, relations(t, w, "a", "b"))
	diff(t, "missing schema", []string{}, relations(t, w, "zzz"))
	diff(t, "no schemas", []string{}, relations(t, w))
}

func testQuotedIdentifiers(t *testing.T, w adapters.Warehouse) {
	odd := `Odd "Schema"`
	schema(t, w, odd)
	r := rel(odd, `My Table; --`)
	build(t, w, r, `SELECT 1 AS "Weird ""Col"""`)
	diff(t, "relations", []string{r.String() + ":table"}, relations(t, w, odd))
	res := mustQuery(t, w, `SELECT * FROM `+r.Quoted())
	diff(t, "columns", []string{`Weird "Col"`}, res.Columns)
	if err := w.CreateView(ctxFor(t), rel(odd, "V"), `SELECT * FROM `+r.Quoted()); err != nil {
		t.Fatal(err)
	}
	diff(t, "view rows", [][]any{{int64(1)}}, rows(t, w, `SELECT * FROM `+rel(odd, "V").Quoted()))
	if err := w.Drop(ctxFor(t), rel(odd, "V")); err != nil {
		t.Fatal(err)
	}
	if err := w.Drop(ctxFor(t), r); err != nil {
		t.Fatal(err)
	}
	diff(t, "after drop", []string{}, relations(t, w, odd))
}

func testTypesRoundTrip(t *testing.T, w adapters.Warehouse) {
	schema(t, w, "s")
	cols := []models.Column{
		{Name: "id", Type: "bigint"}, {Name: "amount", Type: "numeric(12,2)"}, {Name: "name", Type: "text"},
		{Name: "ok", Type: "boolean"}, {Name: "day", Type: "date"}, {Name: "at", Type: "timestamptz"},
		{Name: "ratio", Type: "double precision"},
	}
	paris := time.FixedZone("CET", 3600)
	in := [][]any{
		{int64(1), "12.50", `héllo 'quoted' "x"`, true, time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC),
			time.Date(2024, 3, 1, 10, 11, 12, 123456000, time.UTC), 0.25},
		{int64(-9007199254740993), "-0.01", "", false, time.Date(1999, 12, 31, 0, 0, 0, 0, time.UTC),
			time.Date(2000, 1, 1, 0, 30, 0, 0, paris), 1e-300},
		{int64(3), "1234567890.99", "tab\tnewline\n", nil, nil, nil, nil},
		{nil, nil, nil, nil, nil, nil, nil},
	}
	want := [][]any{
		{nil, nil, nil, nil, nil, nil, nil},
		{int64(-9007199254740993), "-0.01", "", false, time.Date(1999, 12, 31, 0, 0, 0, 0, time.UTC),
			time.Date(1999, 12, 31, 23, 30, 0, 0, time.UTC), 1e-300},
		{int64(1), "12.50", `héllo 'quoted' "x"`, true, time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC),
			time.Date(2024, 3, 1, 10, 11, 12, 123456000, time.UTC), 0.25},
		{int64(3), "1234567890.99", "tab\tnewline\n", nil, nil, nil, nil},
	}
	r := rel("s", "typed")
	tmp, err := w.LoadTemp(ctxFor(t), r, cols, &sliceRows{rows: in})
	if err != nil {
		t.Fatalf("LoadTemp: %v", err)
	}
	diff(t, "Rows", int64(len(in)), tmp.Rows)
	if err := w.Swap(ctxFor(t), tmp); err != nil {
		t.Fatalf("Swap: %v", err)
	}
	res := mustQuery(t, w, `SELECT id, amount, name, ok, day, "at", ratio FROM s.typed ORDER BY id NULLS FIRST`)
	diff(t, "rows", want, res.Rows)
	// The same values bound as arguments compare equal in SQL.
	got := rows(t, w, `SELECT count(*) FROM s.typed WHERE id = $1 AND amount = CAST($2 AS numeric(12,2)) AND name = $3
		AND ok = $4 AND day = $5 AND "at" = $6 AND ratio = $7`, in[0]...)
	diff(t, "bound comparison", [][]any{{int64(1)}}, got)
}

func testLoadTempErrors(t *testing.T, w adapters.Warehouse) {
	schema(t, w, "s")
	r := rel("s", "empty")
	tmp, err := w.LoadTemp(ctxFor(t), r, []models.Column{{Name: "a", Type: "bigint"}}, &sliceRows{})
	if err != nil {
		t.Fatalf("LoadTemp of no rows: %v", err)
	}
	diff(t, "Rows", int64(0), tmp.Rows)
	if err := w.Swap(ctxFor(t), tmp); err != nil {
		t.Fatal(err)
	}
	diff(t, "empty table", 0, len(rows(t, w, `SELECT * FROM s.empty`)))

	boom := errors.New("source broke")
	_, err = w.LoadTemp(ctxFor(t), rel("s", "broken"), []models.Column{{Name: "a", Type: "bigint"}},
		&sliceRows{rows: [][]any{{int64(1)}}, err: boom})
	if !errors.Is(err, boom) {
		t.Errorf("LoadTemp with a failing source: err = %v, want %v", err, boom)
	}
	_, err = w.LoadTemp(ctxFor(t), rel("s", "bad"), []models.Column{{Name: "a", Type: "numeric(4,1)"}},
		&sliceRows{rows: [][]any{{"not a number"}}})
	if err == nil {
		t.Error("LoadTemp of a bad numeric: no error")
	}
	_, err = w.LoadTemp(ctxFor(t), rel("s", "inject"), []models.Column{{Name: "a", Type: "int); DROP TABLE s.empty; --"}},
		&sliceRows{})
	if err == nil {
		t.Error("LoadTemp with a type that is SQL: no error")
	}
	// Failed loads leave nothing behind.
	diff(t, "relations", []string{"s.empty:table"}, relations(t, w, "s"))
}

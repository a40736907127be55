package adaptertest

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/quill-etl/quill/adapters"
	"github.com/quill-etl/quill/models"
)

func testBuildTempInvisible(t *testing.T, w adapters.Warehouse) {
	schema(t, w, "s")
	r := rel("s", "t")
	tmp, err := w.BuildTemp(ctxFor(t), r, `SELECT x FROM (VALUES (1), (2), (3)) AS v(x)`)
	if err != nil {
		t.Fatal(err)
	}
	diff(t, "Rel", r, tmp.Rel)
	diff(t, "Rows", int64(3), tmp.Rows)
	if tmp.Tmp.Schema != "s" || !strings.HasPrefix(tmp.Tmp.Name, adapters.TempPrefix+"t_") {
		t.Errorf("Tmp = %s, want s.%st_…", tmp.Tmp, adapters.TempPrefix)
	}
	diff(t, "before swap", []string{tmp.Tmp.String() + ":table"}, relations(t, w, "s"))
	if err := w.Swap(ctxFor(t), tmp); err != nil {
		t.Fatal(err)
	}
	diff(t, "after swap", []string{"s.t:table"}, relations(t, w, "s"))
	diff(t, "rows", [][]any{{int64(1)}, {int64(2)}, {int64(3)}}, rows(t, w, `SELECT CAST(x AS bigint) FROM s.t ORDER BY x`))
	if _, err := w.BuildTemp(ctxFor(t), r, `SELECT nope FROM s.missing`); err == nil {
		t.Error("BuildTemp of bad SQL: no error")
	}
	diff(t, "after failed build", []string{"s.t:table"}, relations(t, w, "s"))
}

func testSwapKinds(t *testing.T, w adapters.Warehouse) {
	schema(t, w, "s")
	r := rel("s", "t")
	build(t, w, r, `SELECT 1 AS a`) // over nothing
	build(t, w, r, `SELECT 2 AS b`) // over a table, other columns
	diff(t, "over a table", [][]any{{int64(2)}}, rows(t, w, `SELECT CAST(b AS bigint) FROM s.t`))
	if err := w.CreateView(ctxFor(t), r, `SELECT 3 AS c`); err != nil {
		t.Fatal(err)
	}
	build(t, w, r, `SELECT 4 AS d`) // over a view
	diff(t, "over a view", [][]any{{int64(4)}}, rows(t, w, `SELECT CAST(d AS bigint) FROM s.t`))
	diff(t, "relations", []string{"s.t:table"}, relations(t, w, "s"))
}

func testViewSurvivesSwaps(t *testing.T, w adapters.Warehouse) {
	schema(t, w, "s")
	schema(t, w, "other")
	r := rel("s", "base")
	build(t, w, r, `SELECT 0 AS n, 'v0' AS label`)
	mustExec(t, w, `CREATE VIEW s.v1 AS SELECT n, label FROM s.base`)
	mustExec(t, w, `CREATE VIEW other.v2 AS SELECT n * 10 AS n10 FROM s.v1`)
	mustExec(t, w, `CREATE VIEW s.v3 AS SELECT a.n FROM s.v1 a JOIN other.v2 b ON b.n10 = a.n * 10`)
	for i := 1; i <= 3; i++ {
		build(t, w, r, fmt.Sprintf(`SELECT %d AS n, 'v%d' AS label, true AS extra`, i, i))
		diff(t, fmt.Sprintf("v1 after swap %d", i), [][]any{{int64(i), fmt.Sprintf("v%d", i)}},
			rows(t, w, `SELECT CAST(n AS bigint), label FROM s.v1`))
		diff(t, fmt.Sprintf("v2 after swap %d", i), [][]any{{int64(10 * i)}}, rows(t, w, `SELECT CAST(n10 AS bigint) FROM other.v2`))
		diff(t, fmt.Sprintf("v3 after swap %d", i), [][]any{{int64(i)}}, rows(t, w, `SELECT CAST(n AS bigint) FROM s.v3`))
	}
	diff(t, "relations", []string{"other.v2:view", "s.base:table", "s.v1:view", "s.v3:view"}, relations(t, w, "s", "other"))
}

// testFailedSwapKeepsOld makes a swap fail after it started (its temporary
// table is gone, so the rename fails after the old relation was dropped in
// the transaction) and checks that nothing changed.
func testFailedSwapKeepsOld(t *testing.T, w adapters.Warehouse) {
	schema(t, w, "s")
	r := rel("s", "t")
	build(t, w, r, `SELECT 1 AS a`)
	mustExec(t, w, `CREATE VIEW s.v AS SELECT a FROM s.t`)
	tmp, err := w.BuildTemp(ctxFor(t), r, `SELECT 2 AS a`)
	if err != nil {
		t.Fatal(err)
	}
	mustExec(t, w, `DROP TABLE `+tmp.Tmp.Quoted())
	if err := w.Swap(ctxFor(t), tmp); err == nil {
		t.Fatal("Swap of a missing temporary table: no error")
	}
	diff(t, "old table", [][]any{{int64(1)}}, rows(t, w, `SELECT CAST(a AS bigint) FROM s.t`))
	diff(t, "view", [][]any{{int64(1)}}, rows(t, w, `SELECT CAST(a AS bigint) FROM s.v`))
	diff(t, "relations", []string{"s.t:table", "s.v:view"}, relations(t, w, "s"))

	// A cancelled context fails the swap before anything changes.
	tmp, err = w.BuildTemp(ctxFor(t), r, `SELECT 3 AS a`)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := w.Swap(ctx, tmp); err == nil {
		t.Fatal("Swap with a cancelled context: no error")
	}
	diff(t, "old table after cancel", [][]any{{int64(1)}}, rows(t, w, `SELECT CAST(a AS bigint) FROM s.t`))
	if err := w.DropTemp(ctxFor(t), tmp); err != nil {
		t.Fatal(err)
	}
	// A forged Temp may not make Swap touch a user relation.
	mustExec(t, w, `CREATE TABLE s.user_table (a int)`)
	forged := adapters.Temp{Rel: r, Tmp: rel("s", "user_table")}
	if err := w.Swap(ctxFor(t), forged); err == nil {
		t.Error("Swap of a non-temporary relation: no error")
	}
	if err := w.DropTemp(ctxFor(t), forged); err == nil {
		t.Error("DropTemp of a non-temporary relation: no error")
	}
	diff(t, "relations at the end", []string{"s.t:table", "s.user_table:table", "s.v:view"}, relations(t, w, "s"))
}

func testDropTemp(t *testing.T, w adapters.Warehouse) {
	schema(t, w, "s")
	r := rel("s", "t")
	build(t, w, r, `SELECT 1 AS a`)
	tmp, err := w.BuildTemp(ctxFor(t), r, `SELECT 2 AS a`)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.DropTemp(ctxFor(t), tmp); err != nil {
		t.Fatal(err)
	}
	if err := w.DropTemp(ctxFor(t), tmp); err != nil {
		t.Errorf("DropTemp twice: %v", err)
	}
	diff(t, "relations", []string{"s.t:table"}, relations(t, w, "s"))
	diff(t, "rows", [][]any{{int64(1)}}, rows(t, w, `SELECT CAST(a AS bigint) FROM s.t`))
}

func testCreateView(t *testing.T, w adapters.Warehouse) {
	schema(t, w, "s")
	ctx := ctxFor(t)
	r := rel("s", "v")
	must := func(sql string) {
		t.Helper()
		if err := w.CreateView(ctx, r, sql); err != nil {
			t.Fatalf("CreateView(%s): %v", sql, err)
		}
	}
	must(`SELECT 1 AS a`) // over nothing
	mustExec(t, w, `CREATE VIEW s.dep AS SELECT * FROM s.v`)
	must(`SELECT 2 AS a, 'x' AS b`) // over a view with other columns
	diff(t, "view", [][]any{{int64(2), "x"}}, rows(t, w, `SELECT CAST(a AS bigint), b FROM s.v`))
	diff(t, "dependent", [][]any{{int64(2)}}, rows(t, w, `SELECT CAST(a AS bigint) FROM s.dep`))
	mustExec(t, w, `DROP VIEW s.dep`)
	if err := w.Drop(ctx, r); err != nil {
		t.Fatal(err)
	}
	build(t, w, r, `SELECT 3 AS a`)
	mustExec(t, w, `CREATE VIEW s.dep AS SELECT a FROM s.v`)
	must(`SELECT 4 AS a`) // over a table
	diff(t, "over a table", [][]any{{int64(4)}}, rows(t, w, `SELECT CAST(a AS bigint) FROM s.dep`))
	if err := w.CreateView(ctx, r, `SELECT nope FROM s.missing`); err == nil {
		t.Error("CreateView of bad SQL: no error")
	}
	diff(t, "after a failed CreateView", [][]any{{int64(4)}}, rows(t, w, `SELECT CAST(a AS bigint) FROM s.v`))
	diff(t, "relations", []string{"s.dep:view", "s.v:view"}, relations(t, w, "s"))
}

func testDrop(t *testing.T, w adapters.Warehouse) {
	schema(t, w, "s")
	ctx := ctxFor(t)
	build(t, w, rel("s", "t"), `SELECT 1 AS a`)
	if err := w.CreateView(ctx, rel("s", "v"), `SELECT 1 AS a`); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"t", "v", "absent", "t"} {
		if err := w.Drop(ctx, rel("s", name)); err != nil {
			t.Errorf("Drop(s.%s): %v", name, err)
		}
	}
	if err := w.Drop(ctx, rel("no_such_schema", "x")); err != nil {
		t.Errorf("Drop in a missing schema: %v", err)
	}
	diff(t, "relations", []string{}, relations(t, w, "s"))
}

func testCleanupTemps(t *testing.T, w adapters.Warehouse) {
	schema(t, w, "a")
	schema(t, w, "b")
	schema(t, w, "c")
	ctx := ctxFor(t)
	build(t, w, rel("a", "keep"), `SELECT 1 AS x`)
	t1, err := w.BuildTemp(ctx, rel("a", "t"), `SELECT 1 AS x`)
	if err != nil {
		t.Fatal(err)
	}
	t2, err := w.LoadTemp(ctx, rel("b", "u"), []models.Column{{Name: "x", Type: "bigint"}}, &sliceRows{rows: [][]any{{int64(1)}}})
	if err != nil {
		t.Fatal(err)
	}
	t3, err := w.BuildTemp(ctx, rel("c", "elsewhere"), `SELECT 1 AS x`)
	if err != nil {
		t.Fatal(err)
	}
	got, err := w.CleanupTemps(ctx, []string{"a", "b"})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range got {
		names = append(names, r.String())
	}
	diff(t, "dropped", []string{t1.Tmp.String(), t2.Tmp.String()}, names)
	diff(t, "left", []string{"a.keep:table", t3.Tmp.String() + ":table"}, relations(t, w, "a", "b", "c"))
	got, err = w.CleanupTemps(ctx, []string{"a", "b"})
	if err != nil || len(got) != 0 {
		t.Errorf("second CleanupTemps = %v, %v; want nothing", got, err)
	}
}

func testLongNames(t *testing.T, w adapters.Warehouse) {
	schema(t, w, "s")
	long := strings.Repeat("é", 25) + "_end" // 54 bytes: the temporary name must be cut
	r := rel("s", long)
	tmp, err := w.BuildTemp(ctxFor(t), r, `SELECT 1 AS a`)
	if err != nil {
		t.Fatal(err)
	}
	if len(tmp.Tmp.Name) > 63 {
		t.Errorf("temporary name is %d bytes: %s", len(tmp.Tmp.Name), tmp.Tmp.Name)
	}
	if err := w.Swap(ctxFor(t), tmp); err != nil {
		t.Fatal(err)
	}
	diff(t, "relations", []string{r.String() + ":table"}, relations(t, w, "s"))
}

func testConcurrentBuilds(t *testing.T, w adapters.Warehouse) {
	schema(t, w, "s")
	const n = 8
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx := ctxFor(t)
			r := rel("s", fmt.Sprintf("t%d", i))
			for round := range 3 {
				tmp, err := w.BuildTemp(ctx, r, fmt.Sprintf(`SELECT %d AS a`, round))
				if err == nil {
					err = w.Swap(ctx, tmp)
				}
				if err != nil {
					errs[i] = err
					return
				}
			}
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("worker %d: %v", i, err)
		}
	}
	diff(t, "count", [][]any{{int64(n * 2)}}, rows(t, w, `SELECT CAST(sum(a) AS bigint) FROM (`+unionAll(n)+`) AS u`))
}

func unionAll(n int) string {
	parts := make([]string, n)
	for i := range n {
		parts[i] = fmt.Sprintf(`SELECT a FROM s.t%d`, i)
	}
	return strings.Join(parts, ` UNION ALL `)
}

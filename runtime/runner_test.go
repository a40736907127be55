package runtime_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/quill-etl/quill/adapters/duckdb"
	"github.com/quill-etl/quill/models"
	"github.com/quill-etl/quill/planner"
	"github.com/quill-etl/quill/runtime"
)

// project builds a small project by hand: a seed, a table over it, a view
// over the table, and an independent table.
func project(tableSQL string) *models.Project {
	p := &models.Project{
		Name:   "rt",
		Target: models.Target{Name: "dev", Adapter: "duckdb"},
		Nodes: []*models.Node{
			{Name: "mart.big", Kind: models.KindModel, Materialized: "table", DependsOn: []string{"raw.people"},
				CompiledSQL: tableSQL, Fingerprint: "f-" + tableSQL,
				Checks: []models.Check{{Kind: "primary_key", Columns: []string{"id"}, Rule: "declared", Gate: true}}},
			{Name: "mart.big_view", Kind: models.KindModel, Materialized: "view", DependsOn: []string{"mart.big"},
				CompiledSQL: "SELECT id FROM mart.big", Fingerprint: "f2"},
			{Name: "mart.solo", Kind: models.KindModel, Materialized: "table", CompiledSQL: "SELECT 42 AS answer", Fingerprint: "f3"},
			{Name: "raw.people", Kind: models.KindSeed, Materialized: "table", File: "seeds/raw/people.csv", Fingerprint: "f4",
				Columns: []models.Column{{Name: "id", Type: "bigint"}, {Name: "name", Type: "text"}, {Name: "born", Type: "date"}}},
		},
	}
	models.SortNodes(p.Nodes)
	return p
}

var files = fstest.MapFS{"seeds/raw/people.csv": {Data: []byte("id,name,born\n1,ann,1990-01-02\n2,bob,\n3,cy,2001-12-31\n")}}

func apply(t *testing.T, wh *duckdb.Warehouse, p *models.Project, runID string) *runtime.Result {
	t.Helper()
	ctx := context.Background()
	st, err := runtime.ReadState(ctx, wh, "quill_meta", []string{"mart", "raw"})
	if err != nil {
		t.Fatal(err)
	}
	pl, diags := planner.Build(p, st, planner.Options{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	r := &runtime.Runner{WH: wh, Project: p, Files: files, Threads: 2, Retries: 1, Backoff: time.Millisecond}
	res, err := r.Apply(ctx, pl, runtime.Options{RunID: runID})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func statuses(res *runtime.Result) string {
	var parts []string
	for _, n := range res.Nodes {
		parts = append(parts, n.Name+"="+string(n.Status))
	}
	return strings.Join(parts, " ")
}

func query(t *testing.T, wh *duckdb.Warehouse, sql string) string {
	t.Helper()
	res, err := wh.Query(context.Background(), sql)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprint(res.Rows)
}

func TestApplyBuildsJournalsAndGates(t *testing.T) {
	ctx := context.Background()
	wh, err := duckdb.Open(ctx, "", duckdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer wh.Close()

	res := apply(t, wh, project("SELECT id, name FROM raw.people"), "run1")
	if got := statuses(res); got != "mart.big=success mart.big_view=success mart.solo=success raw.people=success" {
		t.Fatalf("first run: %s", got)
	}
	if got := query(t, wh, "SELECT count(*), count(born) FROM raw.people"); got != "[[3 2]]" {
		t.Errorf("seed rows: %s", got)
	}
	st, err := runtime.ReadState(ctx, wh, "quill_meta", []string{"mart", "raw"})
	if err != nil || st.Nodes["mart.big"].Rows != 3 || st.Nodes["mart.big"].RunID != "run1" {
		t.Errorf("state after run1: %+v, %v", st.Nodes["mart.big"], err)
	}

	// A build that duplicates keys fails its primary-key gate: the previous
	// version stays, the view over it keeps working, the rest goes on.
	res = apply(t, wh, project("SELECT id, name FROM raw.people UNION ALL SELECT 1, 'dup'"), "run2")
	if got := statuses(res); got != "mart.big=error mart.big_view=skipped" {
		t.Fatalf("second run: %s", got)
	}
	big := res.Nodes[0]
	if len(big.Checks) != 1 || big.Checks[0].Status != "fail" || big.Checks[0].Failures != 1 || len(big.Checks[0].Examples) != 1 {
		t.Errorf("check result: %+v", big.Checks)
	}
	if !strings.Contains(big.Error, "primary_key(id) [declared]: 1 failing") {
		t.Errorf("error: %s", big.Error)
	}
	if got := query(t, wh, "SELECT count(*) FROM mart.big_view"); got != "[[3]]" {
		t.Errorf("old version not intact: %s", got)
	}
	if got := query(t, wh, "SELECT count(*) FROM information_schema.tables WHERE table_name LIKE '__quill_tmp_%'"); got != "[[0]]" {
		t.Errorf("temporary relations left: %s", got)
	}
}

func TestFailedNodeSkipsDescendants(t *testing.T) {
	ctx := context.Background()
	wh, err := duckdb.Open(ctx, "", duckdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer wh.Close()
	res := apply(t, wh, project("SELECT id, nosuchcolumn FROM raw.people"), "run1")
	if got := statuses(res); got != "mart.big=error mart.big_view=skipped mart.solo=success raw.people=success" {
		t.Fatalf("statuses: %s", got)
	}
	if res.OK() || res.Status != "error" {
		t.Errorf("run status %s", res.Status)
	}
	if r := res.Nodes[1].Reason; r != "upstream mart.big error" {
		t.Errorf("skip reason %q", r)
	}
}

func TestCheckResultsJournalled(t *testing.T) {
	ctx := context.Background()
	wh, err := duckdb.Open(ctx, "", duckdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer wh.Close()
	apply(t, wh, project("SELECT id, name FROM raw.people"), "run1")
	apply(t, wh, project("SELECT id, name FROM raw.people UNION ALL SELECT 1, 'dup'"), "run2")
	got := query(t, wh, `SELECT run_id, name, kind, columns, rule, status, failures FROM quill_meta.check_results ORDER BY run_id, name, seq`)
	want := "[[run1 mart.big primary_key id declared pass 0] [run2 mart.big primary_key id declared fail 1]]"
	if got != want {
		t.Errorf("check_results:\n%s\nwant\n%s", got, want)
	}
}

// TestExternalFreshnessGates fails the models reading a stale external
// source, once per run, and lets the others build.
func TestExternalFreshnessGates(t *testing.T) {
	ctx := context.Background()
	wh, err := duckdb.Open(ctx, "", duckdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer wh.Close()
	for _, s := range []string{`CREATE SCHEMA ext`, `CREATE TABLE ext.events AS SELECT 1 AS id, now() - INTERVAL 2 DAY AS at`} {
		if err := wh.Exec(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	p := project("SELECT id, name FROM raw.people")
	p.Nodes = append(p.Nodes,
		&models.Node{Name: "ext.events", Kind: models.KindSource, Type: "external",
			Checks: []models.Check{{Kind: "freshness", Columns: []string{"at"}, MaxAge: "26h", MaxAgeS: 26 * 3600, Rule: "declared", Gate: true}}},
		&models.Node{Name: "mart.recent", Kind: models.KindModel, Materialized: "table", DependsOn: []string{"ext.events"},
			CompiledSQL: "SELECT id FROM ext.events", Fingerprint: "f9"})
	models.SortNodes(p.Nodes)
	res := apply(t, wh, p, "run1")
	if got := statuses(res); got != "mart.big=success mart.big_view=success mart.recent=error mart.solo=success raw.people=success" {
		t.Fatalf("statuses: %s", got)
	}
	for _, n := range res.Nodes {
		if n.Name == "mart.recent" && !strings.Contains(n.Error, "upstream source ext.events: 1 check(s) failed") {
			t.Errorf("error: %s", n.Error)
		}
	}
}

// TestWarnSeverity lets a build with a failing severity = "warn" check
// through, reporting the check as a warning.
func TestWarnSeverity(t *testing.T) {
	ctx := context.Background()
	wh, err := duckdb.Open(ctx, "", duckdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer wh.Close()
	p := project("SELECT id, name FROM raw.people")
	p.Node("mart.big").Checks = []models.Check{{Kind: "not_null", Columns: []string{"name"}, Rule: "declared", Gate: false, Severity: "warn"},
		{Kind: "accepted_values", Columns: []string{"name"}, Values: []string{"ann"}, Rule: "declared", Gate: false, Severity: "warn"}}
	res := apply(t, wh, p, "run1")
	if got := statuses(res); got != "mart.big=success mart.big_view=success mart.solo=success raw.people=success" {
		t.Fatalf("statuses: %s", got)
	}
	c := res.Nodes[0].Checks
	if len(c) != 2 || c[0].Status != "pass" || c[1].Status != "warn" || c[1].Failures != 2 {
		t.Errorf("checks: %+v", c)
	}
}

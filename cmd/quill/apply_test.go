package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/quill-etl/quill/adapters/duckdb"
	"github.com/quill-etl/quill/runtime"
)

// TestInitApplyDuckDB is the README's main job: init, apply on the embedded
// target, then a second plan that shows every node unchanged.
func TestInitApplyDuckDB(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	mustRun(t, 0, "init", dir)
	stdout, stderr := mustRun(t, 0, "apply", "--project", dir)
	if !strings.Contains(stdout, "Apply success") {
		t.Errorf("apply stdout:\n%s\nstderr:\n%s", stdout, stderr)
	}
	res := readResults(t, dir)
	if res.Status != "success" || len(res.Nodes) != 6 {
		t.Errorf("run results: status %s, %d nodes, want success and 6", res.Status, len(res.Nodes))
	}
	stdout, _ = mustRun(t, 0, "plan", "--project", dir)
	if !strings.Contains(stdout, "Plan: 0 to create, 0 to replace, 7 unchanged, 0 to drop.") {
		t.Errorf("second plan is not all unchanged:\n%s", stdout)
	}
	got := queryDuck(t, filepath.Join(dir, ".quill", "dev.duckdb"),
		`SELECT customer_id, name, country, CAST(revenue AS text), orders FROM marts.customer_revenue ORDER BY customer_id`)
	want := [][]string{
		{"1", "Ada Lovelace", "GB", "37.50", "2"},
		{"2", "Grace Hopper", "US", "0.00", "0"},
		{"3", "Edsger Dijkstra", "NL", "5.25", "1"},
		{"4", "Barbara Liskov", "US", "18.75", "1"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("marts.customer_revenue (-want +got):\n%s", d)
	}
}

// TestSavedPlan applies exactly a saved plan and refuses it once the project
// changed.
func TestSavedPlan(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	mustRun(t, 0, "init", dir)
	planFile := filepath.Join(dir, "plan.json")
	mustRun(t, 0, "plan", "--project", dir, "--out", planFile)
	mustRun(t, 0, "apply", "--project", dir, planFile)
	// The plan was made against the empty state: applying it again is stale.
	_, stderr := mustRun(t, 1, "apply", "--project", dir, planFile)
	if !strings.Contains(stderr, "refusing a stale plan: the target's state changed") {
		t.Errorf("stale state not refused:\n%s", stderr)
	}
	mustRun(t, 0, "plan", "--project", dir, "--out", planFile)
	model := filepath.Join(dir, "models", "staging", "orders.sql")
	b, _ := os.ReadFile(model)
	if err := os.WriteFile(model, append(b, []byte("  AND amount > 0\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr = mustRun(t, 1, "apply", "--project", dir, planFile)
	if !strings.Contains(stderr, "refusing a stale plan: the project changed") {
		t.Errorf("stale project not refused:\n%s", stderr)
	}
	stdout, _ := mustRun(t, 0, "plan", "--project", dir)
	for _, want := range []string{"~ staging.orders", "SQL changed", "+   AND amount > 0", "~ marts.customer_revenue", "upstream changed"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("plan after edit lacks %q:\n%s", want, stdout)
		}
	}
}

func mustRun(t *testing.T, code int, args ...string) (string, string) {
	t.Helper()
	stdout, stderr, got := runQuill(t, args, nil)
	if got != code {
		t.Fatalf("quill %s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), got, code, stdout, stderr)
	}
	return stdout, stderr
}

func readResults(t *testing.T, dir string) runtime.Result {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "target", "run_results.json"))
	if err != nil {
		t.Fatal(err)
	}
	var r runtime.Result
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	return r
}

// queryDuck reads a query's rows from a DuckDB file as strings.
func queryDuck(t *testing.T, path, sql string) [][]string {
	t.Helper()
	ctx := context.Background()
	wh, err := duckdb.Open(ctx, path, duckdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer wh.Close()
	res, err := wh.Query(ctx, sql)
	if err != nil {
		t.Fatal(err)
	}
	return stringRows(res.Rows)
}

func stringRows(rows [][]any) [][]string {
	out := make([][]string, len(rows))
	for i, r := range rows {
		out[i] = make([]string, len(r))
		for j, v := range r {
			if v == nil {
				out[i][j] = "NULL"
			} else {
				out[i][j] = fmt.Sprint(v)
			}
		}
	}
	return out
}

// TestProgressOnTerminal checks the live status line a terminal gets, and
// that NO_COLOR and plain output keep it out of logs.
func TestProgressOnTerminal(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	mustRun(t, 0, "init", dir)
	var stdout, stderr strings.Builder
	e := &env{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr, Vars: map[string]string{}, TTY: true, Now: time.Now}
	if code := run(context.Background(), []string{"apply", "--project", dir}, e); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "\r\x1b[K[") || !strings.Contains(stderr.String(), "running:") {
		t.Errorf("no live status line on a terminal:\n%q", stderr.String())
	}
	_, plain := mustRun(t, 0, "apply", "--project", dir, "--refresh")
	if strings.Contains(plain, "\x1b[") || !strings.Contains(plain, "OK    marts.customer_revenue (4 rows") {
		t.Errorf("plain output:\n%q", plain)
	}
}

// TestUnitTests runs the skeleton's unit test, then breaks the model and
// checks that the failure shows the missing and unexpected rows.
func TestUnitTests(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	mustRun(t, 0, "init", dir)
	stdout, _ := mustRun(t, 0, "test", "--unit", "--project", dir)
	if !strings.Contains(stdout, "pass  unit_test revenue_counts_paid_orders_only (marts.customer_revenue)") {
		t.Errorf("unit test did not pass:\n%s", stdout)
	}
	model := filepath.Join(dir, "models", "marts", "customer_revenue.sql")
	b, _ := os.ReadFile(model)
	write(t, model, strings.Replace(string(b), "WHERE status = 'paid'", "WHERE status <> 'cancelled'", 1))
	stdout, _ = mustRun(t, 1, "test", "--unit", "--project", dir)
	for _, want := range []string{
		"fail  unit_test revenue_counts_paid_orders_only",
		"missing    customer_id, orders, revenue = 1, 1, 10.5",
		"unexpected customer_id, orders, revenue = 1, 2, 109.5",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
}

// TestCustomTestGates makes the skeleton's tests/no_negative_revenue.sql
// fail: the model it gates keeps its previous version and the failing rows
// are reported.
func TestCustomTestGates(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	mustRun(t, 0, "init", dir)
	stdout, _ := mustRun(t, 0, "plan", "--project", dir)
	if !strings.Contains(stdout, "check custom tests/no_negative_revenue.sql [declared]") {
		t.Errorf("plan does not show the custom test:\n%s", stdout)
	}
	mustRun(t, 0, "apply", "--project", dir)
	model := filepath.Join(dir, "models", "marts", "customer_revenue.sql")
	b, _ := os.ReadFile(model)
	write(t, model, strings.Replace(string(b), "coalesce(p.revenue, 0) AS revenue", "coalesce(p.revenue, 0) - 20 AS revenue", 1))
	_, stderr := mustRun(t, 1, "apply", "--project", dir)
	if !strings.Contains(stderr, "custom tests/no_negative_revenue.sql [declared]: 3 failing") {
		t.Errorf("gate failure not reported:\n%s", stderr)
	}
	got := queryDuck(t, filepath.Join(dir, ".quill", "dev.duckdb"), `SELECT count(*) FROM marts.customer_revenue WHERE revenue < 0`)
	if got[0][0] != "0" {
		t.Errorf("the failing build was published: %v", got)
	}
	// The unit test of the same model catches the change too.
	stdout, _ = mustRun(t, 1, "test", "--project", dir, "--unit")
	if !strings.Contains(stdout, "unexpected customer_id, orders, revenue = 2, 0, -20") {
		t.Errorf("unit tests: %s", stdout)
	}
}

// TestPrune removes two models (a table and the view reading it) from the
// project: plan lists them as drops only with --prune, and apply --prune
// drops both, the view first.
func TestPrune(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	mustRun(t, 0, "init", dir)
	write(t, filepath.Join(dir, "models", "marts", "extra.sql"), "SELECT customer_id FROM marts.customer_revenue\n")
	write(t, filepath.Join(dir, "models", "marts", "extra_view.sql"), "SELECT customer_id FROM marts.extra\n")
	mustRun(t, 0, "apply", "--project", dir)
	for _, f := range []string{"extra.sql", "extra_view.sql"} {
		if err := os.Remove(filepath.Join(dir, "models", "marts", f)); err != nil {
			t.Fatal(err)
		}
	}
	stdout, _ := mustRun(t, 0, "plan", "--project", dir)
	if strings.Contains(stdout, "marts.extra") {
		t.Errorf("plan without --prune lists drops:\n%s", stdout)
	}
	stdout, _ = mustRun(t, 0, "plan", "--project", dir, "--prune")
	for _, want := range []string{"- marts.extra ", "- marts.extra_view ", "2 to drop."} {
		if !strings.Contains(stdout, want) {
			t.Errorf("plan --prune lacks %q:\n%s", want, stdout)
		}
	}
	mustRun(t, 0, "apply", "--project", dir, "--prune")
	got := queryDuck(t, filepath.Join(dir, ".quill", "dev.duckdb"),
		`SELECT count(*) FROM information_schema.tables WHERE table_name LIKE 'extra%'`)
	if got[0][0] != "0" {
		t.Errorf("relations left: %v", got)
	}
	stdout, _ = mustRun(t, 0, "plan", "--project", dir, "--prune")
	if !strings.Contains(stdout, "0 to drop.") {
		t.Errorf("state still lists dropped nodes:\n%s", stdout)
	}
}

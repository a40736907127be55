package runtime_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/quill-etl/quill/adapters"
	"github.com/quill-etl/quill/adapters/duckdb"
	"github.com/quill-etl/quill/models"
	"github.com/quill-etl/quill/runtime"
)

func i64p(v int64) *int64 { return &v }

// TestCheckKinds runs every check kind against real tables through
// `quill test`'s entry point and compares the failure counts.
func TestCheckKinds(t *testing.T) {
	ctx := context.Background()
	wh, err := duckdb.Open(ctx, "", duckdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer wh.Close()
	for _, s := range []string{
		`CREATE SCHEMA s`,
		`CREATE TABLE s.users AS SELECT * FROM (VALUES (1, 'active', 'a@x', now()), (2, 'deleted', NULL, now()), (2, 'banned', 'c@x', now() - INTERVAL 3 DAY), (NULL, 'active', 'd@x', now())) AS v(id, status, email, seen)`,
		`CREATE TABLE s.orders AS SELECT * FROM (VALUES (10, 1), (11, 2), (12, 7), (13, NULL)) AS v(id, user_id)`,
	} {
		if err := wh.Exec(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	users := &models.Node{Name: "s.users", Kind: models.KindSeed}
	orders := &models.Node{Name: "s.orders", Kind: models.KindSeed}
	tests := []struct {
		node *models.Node
		c    models.Check
		want int64
	}{
		{users, models.Check{Kind: "primary_key", Columns: []string{"id"}}, 2}, // one duplicate group + one NULL
		{users, models.Check{Kind: "unique", Columns: []string{"id"}}, 1},
		{users, models.Check{Kind: "not_null", Columns: []string{"email"}}, 1},
		{users, models.Check{Kind: "accepted_values", Columns: []string{"status"}, Values: []string{"active", "deleted"}}, 1},
		{users, models.Check{Kind: "expression", Expr: "length(status) > 6"}, 3},
		{users, models.Check{Kind: "row_count", Min: i64p(1), Max: i64p(3)}, 1},
		{users, models.Check{Kind: "row_count", Min: i64p(4)}, 0},
		{users, models.Check{Kind: "freshness", Columns: []string{"seen"}, MaxAgeS: 3600}, 0},
		{orders, models.Check{Kind: "relationships", Columns: []string{"user_id"}, Of: "s.users.id"}, 1},
		{orders, models.Check{Kind: "row_count", Op: "le", Of: "s.users"}, 0},
		{orders, models.Check{Kind: "row_count", Op: "eq", Of: "s.users"}, 0},
		{users, models.Check{Kind: "row_count", Op: "le", Of: "s.orders"}, 0},
	}
	for _, tt := range tests {
		tt.c.Rule, tt.c.Gate = "declared", true
		p := &models.Project{Target: models.Target{Name: "dev"}, Nodes: []*models.Node{
			{Name: orders.Name, Kind: orders.Kind}, {Name: users.Name, Kind: users.Kind}}}
		p.Node(tt.node.Name).Checks = []models.Check{tt.c}
		res := runtime.Test(ctx, wh, p, map[string]bool{tt.node.Name: true})
		got := res.Nodes[0].Checks[0]
		label := tt.c.Kind + " " + strings.Join(tt.c.Columns, ",") + " " + tt.c.Op + tt.c.Expr
		if got.Status == "error" || got.Failures != tt.want {
			t.Errorf("%s: %d failures (%s %s), want %d", label, got.Failures, got.Status, got.Error, tt.want)
		}
		if tt.want > 0 && (got.Status != "fail" || len(got.Examples) == 0) {
			t.Errorf("%s: status %s with %d examples, want fail with examples", label, got.Status, len(got.Examples))
		}
	}
}

// TestChecksTogether runs several checks of one table at once, the way a
// gate does: their screens share one scan, and the checks that fail report
// the same counts and examples as when they run alone; checks that pass
// (single and composite keys) report 0.
func TestChecksTogether(t *testing.T) {
	ctx := context.Background()
	wh, err := duckdb.Open(ctx, "", duckdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer wh.Close()
	for _, s := range []string{
		`CREATE SCHEMA s`,
		`CREATE TABLE s.users AS SELECT * FROM (VALUES (1, 'a', 'a@x'), (2, 'b', NULL), (2, 'c', 'c@x'), (NULL, 'd', 'd@x'), (3, 'e', NULL), (3, 'f', 'f@x')) AS v(id, name, email)`,
		`CREATE TABLE s.events AS SELECT * FROM (VALUES (1, 1, 'x'), (1, 2, 'y'), (2, 1, 'z')) AS v(user_id, seq, what)`,
	} {
		if err := wh.Exec(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	failing := func(ws []want) (n int) {
		for _, w := range ws {
			if w.failures > 0 {
				n++
			}
		}
		return n
	}
	for _, tc := range []struct {
		node   string
		checks []models.Check
		want   []want
	}{
		{"s.users", []models.Check{
			{Kind: "primary_key", Columns: []string{"id"}},
			{Kind: "not_null", Columns: []string{"email"}},
			{Kind: "not_null", Columns: []string{"name"}},
			{Kind: "row_count", Min: i64p(1), Max: i64p(5)},
			{Kind: "row_count", Op: "eq", Of: "s.events"},
			{Kind: "unique", Columns: []string{"name"}},
		}, []want{{3, "fail"}, {2, "fail"}, {0, "pass"}, {1, "fail"}, {1, "fail"}, {0, "pass"}}},
		{"s.events", []models.Check{
			{Kind: "primary_key", Columns: []string{"user_id", "seq"}},
			{Kind: "primary_key", Columns: []string{"user_id"}},
			{Kind: "not_null", Columns: []string{"user_id", "seq", "what"}},
			{Kind: "row_count", Op: "le", Of: "s.users"},
			{Kind: "row_count", Min: i64p(3), Max: i64p(3)},
			{Kind: "unique", Columns: []string{"seq", "what"}},
			{Kind: "unique", Columns: []string{"seq"}},
		}, []want{{0, "pass"}, {1, "fail"}, {0, "pass"}, {0, "pass"}, {0, "pass"}, {0, "pass"}, {1, "fail"}}},
	} {
		p := &models.Project{Target: models.Target{Name: "dev"}, Nodes: []*models.Node{
			{Name: "s.users", Kind: models.KindSeed}, {Name: "s.events", Kind: models.KindSeed}}}
		for i := range tc.checks {
			tc.checks[i].Rule, tc.checks[i].Gate = "declared", true
		}
		p.Node(tc.node).Checks = tc.checks
		rec := &recordingWH{Warehouse: wh}
		res := runtime.Test(ctx, rec, p, map[string]bool{tc.node: true})
		got := res.Nodes[0].Checks
		// one query for every screen, then for each failing check its count
		// and its examples
		if wantQ := 1 + 2*failing(tc.want); rec.queries != wantQ || rec.errs != nil {
			t.Errorf("%s: %d queries, want %d; errors: %v", tc.node, rec.queries, wantQ, rec.errs)
		}
		if len(got) != len(tc.want) {
			t.Fatalf("%s: %d outcomes, want %d", tc.node, len(got), len(tc.want))
		}
		for i, w := range tc.want {
			if got[i].Failures != w.failures || got[i].Status != w.status {
				t.Errorf("%s check %d (%s %v): %d failures (%s %s), want %d (%s)", tc.node, i, got[i].Kind, got[i].Columns,
					got[i].Failures, got[i].Status, got[i].Error, w.failures, w.status)
			}
			if w.failures > 0 && len(got[i].Examples) == 0 {
				t.Errorf("%s check %d (%s): no examples", tc.node, i, got[i].Kind)
			}
		}
	}
}

type want struct {
	failures int64
	status   string
}

// recordingWH counts the queries run through it and keeps their errors.
type recordingWH struct {
	adapters.Warehouse
	queries int
	errs    []error
}

func (r *recordingWH) Query(ctx context.Context, sql string, args ...any) (*adapters.Result, error) {
	r.queries++
	res, err := r.Warehouse.Query(ctx, sql, args...)
	if err != nil {
		r.errs = append(r.errs, fmt.Errorf("%s: %w", sql, err))
	}
	return res, err
}

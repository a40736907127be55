package runtime_test

import (
	"context"
	"strings"
	"testing"

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

package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quill-etl/quill/adapters/adaptertest"
	"github.com/quill-etl/quill/adapters/postgres"
)

// TestGatesKeepProduction publishes a model and an extract on PostgreSQL,
// then rebuilds them three ways that each must fail a gate: a model with
// duplicate keys, an extract whose rows went missing at the source, and an
// extract whose sampled rows differ from the source. Production must stay
// exactly as it was after each.
func TestGatesKeepProduction(t *testing.T) {
	dsn := adaptertest.PostgresDB(t)
	ctx := context.Background()
	pg, err := postgres.Open(ctx, dsn, postgres.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	if err := pg.Exec(ctx, `CREATE TABLE public.accounts AS SELECT g AS id, 'acct ' || g AS name FROM generate_series(1, 200) AS g`); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	project := func(query, model string) {
		write(t, filepath.Join(dir, "quill.hcl"), fmt.Sprintf(`
project "gates" {
  default_target = "prod"
}
target "prod" {
  adapter = "postgres"
  dsn     = env("PG_DSN")
}
source "postgres" "staging.accounts" {
  dsn         = env("PG_DSN")
  query       = %q
  primary_key = ["id"]
}
model "marts.accounts" {
  primary_key = ["id"]
}
`, query))
		if err := os.MkdirAll(filepath.Join(dir, "models", "marts"), 0o755); err != nil {
			t.Fatal(err)
		}
		write(t, filepath.Join(dir, "models", "marts", "accounts.sql"), model)
	}
	vars := map[string]string{"PG_DSN": dsn}
	const good = "SELECT id, name FROM public.accounts"
	project(good, "SELECT id, upper(name) AS name FROM staging.accounts\n")
	if out, errs, code := runQuill(t, []string{"apply", "--project", dir}, vars); code != 0 {
		t.Fatalf("first apply: %s\n%s", out, errs)
	}
	snapshot := func() string {
		res, err := pg.Query(ctx, `SELECT (SELECT md5(string_agg(a::text, ',' ORDER BY id)) FROM staging.accounts a) ||
			(SELECT md5(string_agg(m::text, ',' ORDER BY id)) FROM marts.accounts m)`)
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprint(res.Rows[0][0])
	}
	before := snapshot()
	for _, tc := range []struct {
		name, query, model, want string
	}{
		{"duplicate keys", good, "SELECT id, name FROM staging.accounts UNION ALL SELECT 7, 'again'\n",
			"primary_key(id) [declared]: 1 failing"},
		{"rows went missing", "SELECT id, name FROM public.accounts WHERE random() < 0.5", "SELECT id, name FROM staging.accounts\n",
			"sampled rows differ from the source"},
		{"a sampled row differs", "SELECT id, name || (random() * 1000)::int AS name FROM public.accounts", "SELECT id, name FROM staging.accounts\n",
			"sampled rows differ from the source"},
	} {
		project(tc.query, tc.model)
		_, stderr, code := runQuill(t, []string{"apply", "--project", dir, "--refresh"}, vars)
		if code != 1 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%s: exit %d, want 1 and %q in:\n%s", tc.name, code, tc.want, stderr)
		}
		if after := snapshot(); after != before {
			t.Errorf("%s: production changed", tc.name)
		}
	}
}

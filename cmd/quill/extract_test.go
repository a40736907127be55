package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/go-sql-driver/mysql"
	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/quill-etl/quill/adapters/adaptertest"
)

// oltp opens the test's OLTP database with database/sql, for setup.
func oltp(t *testing.T, kind, dsn string) *sql.DB {
	t.Helper()
	var db *sql.DB
	if kind == "mysql" {
		cfg, err := mysql.ParseDSN(dsn)
		if err != nil {
			t.Fatal(err)
		}
		conn, err := mysql.NewConnector(cfg)
		if err != nil {
			t.Fatal(err)
		}
		db = sql.OpenDB(conn)
	} else {
		cfg, err := pgx.ParseConfig(dsn)
		if err != nil {
			t.Fatal(err)
		}
		db = stdlib.OpenDB(*cfg)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestExtractSources lands a query on a real OLTP database (PostgreSQL, and
// MariaDB when CI starts one) in DuckDB through `source "postgres"` /
// `source "mysql"`: every extracted row lands, the sampled diff finds the
// landed rows equal to the source, and a model builds on them.
func TestExtractSources(t *testing.T) {
	for _, tc := range []struct {
		kind string
		dsn  func(testing.TB) string
	}{
		{"postgres", adaptertest.PostgresDB},
		{"mysql", adaptertest.MySQL},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			dsn := tc.dsn(t)
			ctx := context.Background()
			db := oltp(t, tc.kind, dsn)
			for _, stmt := range []string{
				`DROP TABLE IF EXISTS users_x`,
				`CREATE TABLE users_x (id integer PRIMARY KEY, user_name varchar(40), user_email varchar(80), score numeric(8,2))`,
				`INSERT INTO users_x VALUES (1, 'ann', 'ann@example.com', 10.50), (2, 'bob', NULL, 3.25), (3, 'cy', 'cy@example.com', NULL)`,
			} {
				if _, err := db.ExecContext(ctx, stmt); err != nil {
					t.Fatalf("%s: %v", stmt, err)
				}
			}
			dir := t.TempDir()
			write(t, filepath.Join(dir, "quill.hcl"), fmt.Sprintf(`
project "extract" {
  default_target = "dev"
}
target "dev" {
  adapter = "duckdb"
  path    = ".quill/dev.duckdb"
}
source %q "staging.users" {
  dsn         = env("MAESTRO_DSN")
  query       = "SELECT id, user_name, user_email, score FROM users_x"
  primary_key = ["id"]
}
`, tc.kind))
			if err := os.MkdirAll(filepath.Join(dir, "models", "marts"), 0o755); err != nil {
				t.Fatal(err)
			}
			write(t, filepath.Join(dir, "models", "marts", "emails.sql"), "SELECT id, user_email FROM staging.users WHERE user_email IS NOT NULL\n")
			if out, errs, code := runQuill(t, []string{"apply", "--project", dir}, map[string]string{"MAESTRO_DSN": dsn}); code != 0 {
				t.Fatalf("apply: exit %d\n%s\n%s", code, out, errs)
			}
			duck := filepath.Join(dir, ".quill", "dev.duckdb")
			want := [][]string{{"1", "ann", "10.50"}, {"2", "bob", "3.25"}, {"3", "cy", "NULL"}}
			if d := cmp.Diff(want, queryDuck(t, duck, `SELECT id, user_name, CAST(score AS text) FROM staging.users ORDER BY id`)); d != "" {
				t.Errorf("landed rows (-want +got):\n%s", d)
			}
			var got []string
			for _, n := range readResults(t, dir).Nodes {
				for _, c := range n.Checks {
					got = append(got, n.Name+" "+c.Kind+":"+c.Rule+":"+c.Status)
				}
			}
			wantChecks := []string{
				"marts.emails primary_key:carried:pass", "marts.emails row_count:filter:pass",
				"staging.users row_count:extract:pass", "staging.users sample_diff:extract:pass", "staging.users primary_key:source_key:pass",
			}
			if d := cmp.Diff(wantChecks, got); d != "" {
				t.Errorf("checks (-want +got):\n%s", d)
			}
		})
	}
}

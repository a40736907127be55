package adaptertest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// EnvPostgres names the environment variable holding the test server's DSN.
const EnvPostgres = "QUILL_TEST_POSTGRES"

// howToStart is printed when no test server is configured.
const howToStart = `start a throwaway PostgreSQL 15 with: eval "$(.ci/pg-start)" (from the repository root; .ci/pg-stop stops it), or export ` + EnvPostgres + `=postgres://user@host:port/db?sslmode=disable`

// Postgres returns the DSN of the PostgreSQL server tests may use, from
// QUILL_TEST_POSTGRES. When it is unset the test is skipped, or fails when
// CI=true: a CI run must not pass by skipping its PostgreSQL tests.
func Postgres(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv(EnvPostgres)
	if dsn != "" {
		return dsn
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is not set but CI=true, so PostgreSQL tests cannot be skipped: %s", EnvPostgres, howToStart)
	}
	t.Skipf("%s not set: %s", EnvPostgres, howToStart)
	return ""
}

// PostgresDB creates a fresh database (quill_test_<random>) on the test
// server and returns a DSN for it; the database is dropped when the test
// ends. Tests and packages using their own database can run in parallel.
func PostgresDB(t testing.TB) string {
	t.Helper()
	dsn := Postgres(t)
	name := "quill_test_" + randomHex(6)
	admin := func(sql string) error {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			return err
		}
		defer conn.Close(ctx)
		_, err = conn.Exec(ctx, sql)
		return err
	}
	// The database name is generated from hex digits only; quoting anyway.
	if err := admin(`CREATE DATABASE "` + name + `"`); err != nil {
		t.Fatalf("creating test database: %v", err)
	}
	t.Cleanup(func() {
		if err := admin(`DROP DATABASE IF EXISTS "` + name + `" WITH (FORCE)`); err != nil {
			t.Errorf("dropping test database %s: %v", name, err)
		}
	})
	return withDatabase(dsn, name)
}

// withDatabase points a DSN (URL or keyword/value form) at another database.
func withDatabase(dsn, db string) string {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		if u, err := url.Parse(dsn); err == nil {
			u.Path = "/" + db
			u.RawPath = ""
			return u.String()
		}
	}
	// In keyword/value form the last setting of a keyword wins.
	return dsn + " dbname=" + db
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

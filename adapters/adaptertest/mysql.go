package adaptertest

import (
	"context"
	"database/sql"
	"os"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
)

// EnvMySQL names the environment variable holding the MySQL/MariaDB test
// server's DSN, in go-sql-driver form: user:password@tcp(host:port)/db.
const EnvMySQL = "QUILL_TEST_MYSQL"

// howToStartMySQL is printed when no MySQL test server is configured.
const howToStartMySQL = `start a throwaway MariaDB with: eval "$(.ci/mysql-start)" (from the repository root; .ci/mysql-stop stops it), or export ` + EnvMySQL + `=user:password@tcp(host:port)/db`

// MySQL returns the DSN of the MySQL or MariaDB server tests may use, from
// QUILL_TEST_MYSQL. When it is unset the test is skipped, or fails when
// CI=true: a CI run must not pass by skipping its MySQL tests.
func MySQL(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv(EnvMySQL)
	if dsn != "" {
		return dsn
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is not set but CI=true, so MySQL tests cannot be skipped: %s", EnvMySQL, howToStartMySQL)
	}
	t.Skipf("%s not set: %s", EnvMySQL, howToStartMySQL)
	return ""
}

// MySQLDB creates a fresh database (quill_test_<random>) on the MySQL test
// server and returns a DSN for it; the database is dropped when the test
// ends, so tests can run in parallel.
func MySQLDB(t testing.TB) string {
	t.Helper()
	cfg, err := mysql.ParseDSN(MySQL(t))
	if err != nil {
		// The parser's message may quote the DSN, password included.
		t.Fatalf("%s cannot be parsed as user:password@tcp(host:port)/db", EnvMySQL)
	}
	name := "quill_test_" + randomHex(6)
	admin := func(stmt string) error {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		c := cfg.Clone()
		c.DBName = ""
		conn, err := mysql.NewConnector(c)
		if err != nil {
			return err
		}
		db := sql.OpenDB(conn)
		defer db.Close()
		_, err = db.ExecContext(ctx, stmt)
		return err
	}
	// The name is generated from hex digits only; quoting anyway.
	if err := admin("CREATE DATABASE `" + name + "`"); err != nil {
		t.Fatalf("creating MySQL test database: %v", err)
	}
	t.Cleanup(func() {
		if err := admin("DROP DATABASE IF EXISTS `" + name + "`"); err != nil {
			t.Errorf("dropping MySQL test database %s: %v", name, err)
		}
	})
	c := cfg.Clone()
	c.DBName = name
	return c.FormatDSN()
}

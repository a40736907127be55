package extract_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/quill-etl/quill/adapters/adaptertest"
	"github.com/quill-etl/quill/adapters/extract"
)

const password = "Sup3rSecretPassw0rd"

// noSecrets fails when err is nil or its message holds the DSN or password.
func noSecrets(t *testing.T, what, dsn string, err error) {
	t.Helper()
	if err == nil {
		t.Errorf("%s: no error", what)
		return
	}
	msg := err.Error()
	if strings.Contains(msg, password) || strings.Contains(msg, dsn) {
		t.Errorf("%s: error shows a secret: %s", what, msg)
	}
	t.Logf("%s: %s", what, msg)
}

func TestErrorsHideDSNAndPassword(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for _, tc := range []struct{ what, kind, dsn string }{
		{"postgres: unparsable", extract.KindPostgres, "postgres://quill:" + password + "@127.0.0.1:notaport/db"},
		{"postgres: unparsable keyword form", extract.KindPostgres, "host=127.0.0.1 password=" + password + " port=x"},
		{"postgres: refused", extract.KindPostgres, "postgres://quill:" + password + "@127.0.0.1:1/db?connect_timeout=5"},
		{"mysql: unparsable", extract.KindMySQL, "quill:" + password + "@tcpx(127.0.0.1:1"},
		{"mysql: refused", extract.KindMySQL, "quill:" + password + "@tcp(127.0.0.1:1)/db?timeout=5s"},
		{"unknown kind", "oracle", "quill/" + password + "@db"},
	} {
		_, err := extract.Open(ctx, tc.kind, tc.dsn)
		noSecrets(t, tc.what, tc.dsn, err)
	}
}

// TestServerErrorsHideSecrets uses real servers: a wrong password, and a
// failing query on a connection whose DSN holds a password.
func TestServerErrorsHideSecrets(t *testing.T) {
	t.Parallel()
	ctx := testCtx(t)
	cfg, err := mysql.ParseDSN(adaptertest.MySQL(t))
	if err != nil {
		t.Fatal("cannot parse the MySQL test DSN")
	}
	cfg.Passwd = password
	_, err = extract.Open(ctx, extract.KindMySQL, cfg.FormatDSN())
	noSecrets(t, "mysql: wrong password", cfg.FormatDSN(), err)

	// The throwaway PostgreSQL server trusts every login, so a password in
	// the DSN is accepted and ignored: it must still never be shown.
	pg := adaptertest.PostgresDB(t)
	pg = strings.Replace(pg, "postgres@", "postgres:"+password+"@", 1)
	src := openSource(t, ctx, extract.KindPostgres, pg)
	_, err = src.Query(ctx, `SELECT '`+password+`'::int`)
	if err == nil || strings.Contains(err.Error(), pg) {
		t.Errorf("failing query: %v", err)
	}
	if strings.Contains(err.Error(), password) {
		// The server quotes the value; the redaction removes it anyway.
		t.Errorf("failing query: error shows the password: %v", err)
	}
}

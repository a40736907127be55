package postgres

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/quill-etl/quill/adapters"
	"github.com/quill-etl/quill/adapters/adaptertest"
	"github.com/quill-etl/quill/models"
)

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return c
}

func exec(t *testing.T, w *Warehouse, sql string, args ...any) {
	t.Helper()
	if err := w.Exec(ctx(t), sql, args...); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

func query(t *testing.T, w *Warehouse, sql string, args ...any) [][]any {
	t.Helper()
	res, err := w.Query(ctx(t), sql, args...)
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return res.Rows
}

func swapIn(t *testing.T, w *Warehouse, rel adapters.RelName, sql string) error {
	t.Helper()
	tmp, err := w.BuildTemp(ctx(t), rel, sql)
	if err != nil {
		t.Fatal(err)
	}
	return w.Swap(ctx(t), tmp)
}

const password = "s3cr3t-Pa55w0rd"

func TestErrorsNeverShowTheDSN(t *testing.T) {
	t.Parallel()
	bad := []string{
		"postgres://quill:" + password + "@127.0.0.1:1/db?sslmode=disable&connect_timeout=5", // refused
		"postgres://quill:" + password + "@127.0.0.1:notaport/db",                            // unparsable
		"host=127.0.0.1 port=1 user=quill password=" + password + " connect_timeout=5",
	}
	for _, dsn := range bad {
		w, err := Open(ctx(t), dsn, Options{})
		if err == nil {
			w.Close()
			t.Fatalf("Open(%q): no error", dsn)
		}
		if msg := err.Error(); strings.Contains(msg, password) || strings.Contains(msg, dsn) {
			t.Errorf("error shows a secret: %s", msg)
		}
	}
	// A live connection whose DSN has a password: even a server message
	// that echoes it is redacted.
	dsn := adaptertest.PostgresDB(t)
	dsn = strings.Replace(dsn, "postgres://postgres@", "postgres://postgres:"+password+"@", 1)
	w, err := Open(ctx(t), dsn, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	err = w.Exec(ctx(t), `SELECT '`+password+`'::int`)
	if err == nil || strings.Contains(err.Error(), password) || !strings.Contains(err.Error(), "xxxxx") {
		t.Errorf("error = %v, want the password redacted", err)
	}
}

func TestIsTransient(t *testing.T) {
	t.Parallel()
	w := openPG(t)
	defer w.Close()
	codes := map[string]bool{"40001": true, "40P01": true, "53300": true, "57P01": true, "57P03": true,
		"08006": true, "42601": false, "23505": false, "22P02": false}
	for code, want := range codes {
		err := w.Exec(ctx(t), `DO $$ BEGIN RAISE EXCEPTION 'boom' USING ERRCODE = '`+code+`'; END $$`)
		if err == nil {
			t.Fatalf("%s: no error", code)
		}
		if got := w.IsTransient(err); got != want {
			t.Errorf("IsTransient(%s) = %v, want %v", code, got, want)
		}
	}
	// A connection the server kills.
	err := w.Exec(ctx(t), `SELECT pg_terminate_backend(pg_backend_pid())`)
	if err == nil || !w.IsTransient(err) {
		t.Errorf("killed connection: IsTransient(%v) = false", err)
	}
	_, err = Open(ctx(t), "postgres://quill@127.0.0.1:1/db?sslmode=disable&connect_timeout=5", Options{})
	if err == nil || !w.IsTransient(err) {
		t.Errorf("refused connection: IsTransient(%v) = false", err)
	}
	if w.IsTransient(context.Canceled) {
		t.Error("IsTransient(context.Canceled) = true")
	}
}

// TestSwapKeepsViewDetails checks that recreated views keep their comment,
// grants and options, and that materialized views come back with their
// indexes and the new data.
func TestSwapKeepsViewDetails(t *testing.T) {
	t.Parallel()
	w := openPG(t)
	defer w.Close()
	role := "quill_reader_" + strings.ReplaceAll(time.Now().Format("150405.000000"), ".", "")
	exec(t, w, `CREATE ROLE `+role)
	t.Cleanup(func() { _ = w.Exec(context.Background(), `DROP OWNED BY `+role+`; DROP ROLE `+role) })
	exec(t, w, `CREATE SCHEMA s`)
	base := adapters.RelName{Schema: "s", Name: "base"}
	if err := swapIn(t, w, base, `SELECT 1 AS a, 'x' AS b`); err != nil {
		t.Fatal(err)
	}
	exec(t, w, `CREATE VIEW s.v WITH (security_barrier) AS SELECT a, b FROM s.base WHERE a > 0`)
	exec(t, w, `COMMENT ON VIEW s.v IS 'it''s documented'`)
	exec(t, w, `GRANT SELECT ON s.v TO `+role)
	exec(t, w, `CREATE MATERIALIZED VIEW s.mv AS SELECT a * 2 AS a2 FROM s.v`)
	exec(t, w, `CREATE UNIQUE INDEX mv_a2 ON s.mv (a2)`)
	if err := swapIn(t, w, base, `SELECT 5 AS a, 'y' AS b, 0 AS c`); err != nil {
		t.Fatal(err)
	}
	got := query(t, w, `SELECT obj_description('s.v'::regclass, 'pg_class'), has_table_privilege($1, 's.v', 'SELECT'),
		(SELECT reloptions::text FROM pg_class WHERE oid = 's.v'::regclass),
		(SELECT count(*) FROM pg_indexes WHERE schemaname = 's' AND indexname = 'mv_a2'),
		(SELECT a2 FROM s.mv)`, role)
	want := [][]any{{"it's documented", true, "{security_barrier=true}", int64(1), int64(10)}}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

// TestSwapFailsWhenAViewCannotFollow replaces a table with one that lacks a
// column a view reads: the swap fails and the old table and view are intact.
func TestSwapFailsWhenAViewCannotFollow(t *testing.T) {
	t.Parallel()
	w := openPG(t)
	defer w.Close()
	exec(t, w, `CREATE SCHEMA s`)
	base := adapters.RelName{Schema: "s", Name: "base"}
	if err := swapIn(t, w, base, `SELECT 1 AS a, 'x' AS b`); err != nil {
		t.Fatal(err)
	}
	exec(t, w, `CREATE VIEW s.v AS SELECT b FROM s.base`)
	err := swapIn(t, w, base, `SELECT 2 AS a`)
	if err == nil || !strings.Contains(err.Error(), "recreating a view") {
		t.Fatalf("Swap: err = %v, want a failure recreating s.v", err)
	}
	if d := cmp.Diff([][]any{{int64(1), "x"}}, query(t, w, `SELECT a::bigint, b FROM s.base`)); d != "" {
		t.Errorf("old table (-want +got):\n%s", d)
	}
	if d := cmp.Diff([][]any{{"x"}}, query(t, w, `SELECT b FROM s.v`)); d != "" {
		t.Errorf("view (-want +got):\n%s", d)
	}
}

// TestLockFreedWhenItsConnectionDies stands for a SIGKILLed apply: the
// server ends its session and the next apply gets the lock.
func TestLockFreedWhenItsConnectionDies(t *testing.T) {
	t.Parallel()
	w := openPG(t)
	defer w.Close()
	w2 := openPG(t) // another process's view of another database: locks are per database
	defer w2.Close()
	if _, err := w.Lock(ctx(t), nil); err != nil {
		t.Fatal(err)
	}
	exec(t, w, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		WHERE application_name = 'quill apply lock' AND datname = current_database()`)
	waited := false
	c, cancel := context.WithTimeout(ctx(t), 20*time.Second)
	defer cancel()
	release, err := w.Lock(c, func() { waited = true })
	if err != nil {
		t.Fatalf("Lock after the holder died: %v (waited: %v)", err, waited)
	}
	if err := release(); err != nil {
		t.Error(err)
	}
}

func TestLoadTempOtherTypes(t *testing.T) {
	t.Parallel()
	w := openPG(t)
	defer w.Close()
	exec(t, w, `CREATE SCHEMA s`)
	cols := []models.Column{{Name: "u", Type: "uuid"}, {Name: "j", Type: "jsonb"}, {Name: "i", Type: "interval"},
		{Name: "tm", Type: "time"}, {Name: "b", Type: "bytea"}, {Name: "r", Type: "real"}, {Name: "ts", Type: "timestamp"},
		{Name: "n", Type: "integer"}, {Name: "txt", Type: "text"}}
	in := []any{"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", `{"k": [1, 2]}`, "1 mon 2 days 00:00:03.5", "12:34:56.5",
		[]byte{0, 1, 0xfe}, 1.1, time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC), int64(7), int64(8)}
	tmp, err := w.LoadTemp(ctx(t), adapters.RelName{Schema: "s", Name: "x"}, cols, &rowsOf{rows: [][]any{in}})
	if err != nil {
		t.Fatal(err)
	}
	got := query(t, w, `SELECT * FROM `+tmp.Tmp.Quoted())
	want := [][]any{{"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", `{"k":[1,2]}`, "1 mon 2 days 00:00:03.5", "12:34:56.5",
		[]byte{0, 1, 0xfe}, 1.1, time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC), int64(7), "8"}}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

type rowsOf struct{ rows [][]any }

func (r *rowsOf) Next() ([]any, error) {
	if len(r.rows) == 0 {
		return nil, errEOF
	}
	row := r.rows[0]
	r.rows = r.rows[1:]
	return row, nil
}

var errEOF = io.EOF

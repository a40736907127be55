package extract_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"

	"github.com/quill-etl/quill/adapters"
	"github.com/quill-etl/quill/adapters/extract"
	"github.com/quill-etl/quill/adapters/postgres"
)

// pgEdgeValues adds rows with values whose text forms depend on session
// settings or need escaping, to the orders table of pgManyTypes.
var pgEdgeValues = []string{
	`INSERT INTO orders (id, ratio, score, note, day, at, at_tz, blob, wait, tags) VALUES
	 (-1, 'NaN', 'Infinity', E'back\\slash\r\nnew\\Nline', 'infinity', '-infinity', 'infinity', '\x00ff5c0a', '-3 days 04:05:06.7', '{}'),
	 (-2, '1.1', '-Infinity', '\N', '0044-03-15 BC', '0001-01-01 00:00:00 BC', '1850-06-01 12:00:00+00:53:28', '', '1 year 2 mons', '{NULL,3}'),
	 (-3, '3.4028235e38', '2.2250738585072014e-308', '', '2000-02-29', '2000-02-29 23:59:59.999999', '2000-02-29 23:59:59.999999-12', NULL, '0', NULL)`,
}

// TestCopyTextLandsWhatRowsLand lands a table of most column types (and
// edge values: infinities, NaN, BC dates, odd offsets, escapes) in a
// PostgreSQL warehouse twice, through Next + LoadTemp and through CopyText +
// LoadCopyText, from a source database whose session defaults would make
// naive text output unreadable (DMY dates, a non-UTC zone, SQL-standard
// intervals, short floats), and checks that both tables hold exactly the
// same rows and that the extract's counts are right.
func TestCopyTextLandsWhatRowsLand(t *testing.T) {
	ctx := testCtx(t)
	dsn := pgSetup(t, ctx, append(append([]string{}, pgManyTypes...), pgEdgeValues...)...)
	// Only connections opened after this get the settings.
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	for _, set := range []string{"DateStyle = 'SQL, DMY'", "TimeZone = 'Asia/Kolkata'", "IntervalStyle = 'sql_standard'",
		"extra_float_digits = -3", "bytea_output = 'escape'"} {
		if _, err := conn.Exec(ctx, `DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET `+strings.ReplaceAll(set, "'", "''")+`', current_database()); END $$`); err != nil {
			t.Fatal(err)
		}
	}
	conn.Close(ctx)
	src := openSource(t, ctx, extract.KindPostgres, dsn) // new connections get the settings
	wh, err := postgres.Open(ctx, pgSetup(t, ctx), postgres.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { wh.Close() })
	const query = "SELECT * FROM orders ORDER BY id;\n "
	if err := wh.EnsureSchema(ctx, "raw"); err != nil {
		t.Fatal(err)
	}

	land := func(name string, copyText bool) adapters.Temp {
		t.Helper()
		ex, err := src.Extract(ctx, query)
		if err != nil {
			t.Fatal(err)
		}
		defer ex.Close()
		rel := adapters.RelName{Schema: "raw", Name: name}
		var tmp adapters.Temp
		if copyText {
			tmp, err = wh.LoadCopyText(ctx, rel, ex.Columns(), ex.(adapters.CopySource))
		} else {
			tmp, err = wh.LoadTemp(ctx, rel, ex.Columns(), ex)
		}
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if tmp.Rows != 50003 || ex.Count() != 50003 {
			t.Fatalf("%s: landed %d rows, extract counted %d, want 50003", name, tmp.Rows, ex.Count())
		}
		if err := wh.Swap(ctx, tmp); err != nil {
			t.Fatal(err)
		}
		return tmp
	}
	land("by_rows", false)
	land("by_copy", true)

	for _, q := range []string{
		`SELECT count(*) FROM (SELECT r::text FROM raw.by_rows r EXCEPT ALL SELECT c::text FROM raw.by_copy c) d`,
		`SELECT count(*) FROM (SELECT c::text FROM raw.by_copy c EXCEPT ALL SELECT r::text FROM raw.by_rows r) d`,
	} {
		res, err := wh.Query(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if n := res.Rows[0][0]; n != int64(0) {
			t.Errorf("%s: %v rows differ", q, n)
		}
	}
	// A few values checked against what they must be, not only against the
	// row path.
	res, err := wh.Query(ctx, `SELECT id, ratio::text, score::text, note, day::text, at_tz = '1850-06-01 12:00:00+00:53:28', encode(blob, 'hex'), wait = '-3 days 04:05:06.7'
		FROM raw.by_copy WHERE id IN (-1, -2) ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprint(res.Rows)
	want := "[[-2 1.1 -Infinity \\N 0044-03-15 BC true  false] [-1 NaN Infinity back\\slash\r\nnew\\Nline infinity false 00ff5c0a true]]"
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("edge values (-want +got):\n%s", d)
	}
}

// TestCopyTextOnce: CopyRows is read one way, once.
func TestCopyTextOnce(t *testing.T) {
	ctx := testCtx(t)
	src := openSource(t, ctx, extract.KindPostgres, pgSetup(t, ctx))
	ex, err := src.Extract(ctx, `SELECT g FROM generate_series(1, 3) g`)
	if err != nil {
		t.Fatal(err)
	}
	defer ex.Close()
	var buf bytes.Buffer
	n, err := ex.(adapters.CopySource).CopyText(ctx, &buf)
	if err != nil || n != 3 || buf.String() != "1\n2\n3\n" || ex.Count() != 3 {
		t.Fatalf("CopyText = %d, %v, %q; Count %d", n, err, buf.String(), ex.Count())
	}
	if _, err := ex.Next(); err == nil {
		t.Error("Next after CopyText: no error")
	}
	// A query that cannot stand inside COPY ( … ) is read row by row.
	ex, err = src.Extract(ctx, "SELECT 1 AS one; -- a comment")
	if err != nil {
		t.Fatal(err)
	}
	defer ex.Close()
	if _, ok := ex.(adapters.CopySource); ok {
		t.Error("a query ending in a comment after its semicolon: got a CopySource")
	}
	if row, err := ex.Next(); err != nil || fmt.Sprint(row) != "[1]" {
		t.Errorf("Next = %v, %v", row, err)
	}
	if _, err := src.Extract(ctx, `SELECT * FROM no_such_table`); err == nil {
		t.Error("Extract of a bad query: no error")
	}
}

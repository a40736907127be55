package extract_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"

	"github.com/quill-etl/quill/adapters"
	"github.com/quill-etl/quill/adapters/adaptertest"
	"github.com/quill-etl/quill/adapters/extract"
	"github.com/quill-etl/quill/models"
)

// pgSetup runs statements on a fresh PostgreSQL database and returns its DSN.
func pgSetup(t testing.TB, ctx context.Context, stmts ...string) string {
	t.Helper()
	dsn := adaptertest.PostgresDB(t)
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	for _, s := range stmts {
		if _, err := conn.Exec(ctx, s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	return dsn
}

// pgManyTypes is an OLTP table with most column types and NULLs in every
// nullable column, 50,000 rows.
var pgManyTypes = []string{
	`CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')`,
	`CREATE TABLE orders (
		id bigint PRIMARY KEY, i2 smallint, i4 integer, amount numeric(12,2), ratio real,
		score double precision, paid boolean, note text, code varchar(20), cc char(3),
		day date, at timestamp, at_tz timestamptz, blob bytea, uid uuid, doc jsonb,
		wait interval, clock time, mood mood, tags integer[])`,
	`INSERT INTO orders
	 SELECT g, (g % 30000)::smallint, g * 7, round((g * 1.37)::numeric, 2), g / 8.0,
		g / 3.0, g % 2 = 0, 'note ' || g || E'\t"quoted"\n', 'c' || g, lpad((g % 999)::text, 3, '0'),
		date '2020-01-01' + (g % 2000), timestamp '2021-03-04 05:06:07.123456' + g * interval '1 minute',
		timestamptz '2021-03-04 05:06:07.5+02' + g * interval '1 second', decode(lpad(to_hex(g), 8, '0'), 'hex'),
		md5(g::text)::uuid, jsonb_build_object('g', g, 'even', g % 2 = 0, 'tags', jsonb_build_array('a', g)),
		g * interval '1 second', time '00:00' + g * interval '1 second',
		(enum_range(NULL::mood))[g % 3 + 1], ARRAY[g, g + 1]
	 FROM generate_series(1, 50000) g`,
	// Every nullable column is NULL in some rows.
	`UPDATE orders SET i2 = NULL, i4 = NULL, amount = NULL, ratio = NULL, score = NULL, paid = NULL,
		note = NULL, code = NULL, cc = NULL, day = NULL, at = NULL, at_tz = NULL, blob = NULL, uid = NULL,
		doc = NULL, wait = NULL, clock = NULL, mood = NULL, tags = NULL WHERE id % 97 = 0`,
}

func TestPostgresColumnsAndValues(t *testing.T) {
	t.Parallel()
	ctx := testCtx(t)
	src := openSource(t, ctx, extract.KindPostgres, pgSetup(t, ctx, pgManyTypes...))
	rows, err := src.Query(ctx, `SELECT * FROM orders WHERE id IN (2, 97) ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var types []string
	for _, c := range rows.Columns() {
		types = append(types, c.Name+" "+c.Type)
	}
	want := []string{"id bigint", "i2 smallint", "i4 integer", "amount numeric(12,2)", "ratio double precision",
		"score double precision", "paid boolean", "note text", "code text", "cc text", "day date",
		"at timestamp", "at_tz timestamptz", "blob bytea", "uid uuid", "doc json", "wait interval",
		"clock time", "mood text", "tags text"}
	if d := cmp.Diff(want, types); d != "" {
		t.Errorf("columns (-want +got):\n%s", d)
	}
	row, err := rows.Next()
	if err != nil {
		t.Fatal(err)
	}
	wantRow := []any{int64(2), int64(2), int64(14), "2.74", 0.25, 2.0 / 3.0, true, "note 2\t\"quoted\"\n", "c2", "002",
		time.Date(2020, 1, 3, 0, 0, 0, 0, time.UTC), time.Date(2021, 3, 4, 5, 8, 7, 123456000, time.UTC),
		time.Date(2021, 3, 4, 3, 6, 9, 500000000, time.UTC), []byte{0, 0, 0, 2}, "c81e728d-9d4c-2f63-6f06-7f89cc14862c",
		`{"g": 2, "even": true, "tags": ["a", 2]}`, "00:00:02", "00:00:02", "happy", "{2,3}"}
	if d := cmp.Diff(wantRow, row); d != "" {
		t.Errorf("row 2 (-want +got):\n%s", d)
	}
	row, err = rows.Next()
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range row[1:] {
		if v != nil {
			t.Errorf("row 97, column %s: got %#v, want nil", rows.Columns()[i+1].Name, v)
		}
	}
	if _, err := rows.Next(); !errors.Is(err, io.EOF) {
		t.Fatalf("after the last row: %v, want io.EOF", err)
	}
	if _, err := rows.Next(); !errors.Is(err, io.EOF) {
		t.Fatalf("after io.EOF: %v, want io.EOF again", err)
	}
	if rows.Count() != 2 {
		t.Errorf("Count() = %d, want 2", rows.Count())
	}
}

// TestPostgresToDuckDB lands 50,000 rows of many types, checks the count and
// a sampled diff of every row, then corrupts the landed copy and the source
// and checks the diff finds exactly what changed.
func TestPostgresToDuckDB(t *testing.T) {
	t.Parallel()
	ctx := testCtx(t)
	dsn := pgSetup(t, ctx, pgManyTypes...)
	src := openSource(t, ctx, extract.KindPostgres, dsn)
	wh := openDuck(t, ctx)
	rel := adapters.RelName{Schema: "raw", Name: "orders"}
	const query = `SELECT * FROM orders`
	if n := land(t, ctx, src, query, wh, rel); n != 50000 {
		t.Fatalf("landed %d rows, want 50000", n)
	}
	key := []string{"id"}
	rep := diff(t, ctx, src, query, wh, rel, key, 50000, 0)
	if rep.Sampled != 50000 || !rep.OK() {
		t.Fatalf("clean load: %+v", rep)
	}

	// One landed value corrupted, one changed by a rounding-level amount.
	exec(t, ctx, wh, `UPDATE raw.orders SET amount = amount + 0.01 WHERE id = 777`)
	exec(t, ctx, wh, `UPDATE raw.orders SET score = score * (1 + 1e-12) WHERE id = 778`)
	rep = diff(t, ctx, src, query, wh, rel, key, 50000, 1e-9)
	want := extract.DiffReport{Sampled: 50000, Mismatched: 1, Examples: []extract.DiffExample{
		{Key: []any{int64(777)}, Column: "amount", Source: "1064.49", Warehouse: "1064.50"}}}
	if d := cmp.Diff(want, rep); d != "" {
		t.Errorf("after corrupting row 777 (-want +got):\n%s", d)
	}
	rep = diff(t, ctx, src, query, wh, rel, key, 50000, 0)
	cols := map[string]bool{}
	for _, e := range rep.Examples {
		cols[fmt.Sprint(e.Key, e.Column)] = true
	}
	if rep.Mismatched != 2 || len(rep.Examples) != 2 || !cols["[777]amount"] || !cols["[778]score"] {
		t.Errorf("tolerance 0: want rows 777 and 778 to differ, got %+v", rep)
	}

	// A row deleted at the source since the load is Missing.
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `DELETE FROM orders WHERE id = 4242`); err != nil {
		t.Fatal(err)
	}
	rep = diff(t, ctx, src, query, wh, rel, key, 50000, 1e-9)
	if rep.Missing != 1 || rep.Mismatched != 1 {
		t.Errorf("after deleting row 4242 at the source: %+v", rep)
	}
	for _, e := range rep.Examples {
		if e.Missing && (fmt.Sprint(e.Key) != "[4242]" || e.Source != nil || e.Warehouse == nil) {
			t.Errorf("missing example: %+v", e)
		}
	}

	// A small default sample of a clean relation.
	exec(t, ctx, wh, `UPDATE raw.orders SET amount = amount - 0.01 WHERE id = 777`)
	exec(t, ctx, wh, `DELETE FROM raw.orders WHERE id IN (778, 4242)`)
	if rep := diff(t, ctx, src, query, wh, rel, key, 0, 0); rep.Sampled != extract.DefaultSample || !rep.OK() {
		t.Errorf("default sample of a clean relation: %+v", rep)
	}
}

// TestPostgresCompositeKeyAndSubquery checks a composite key and a source
// query that is not a plain table scan (a join and an aggregate), which
// SampleDiff must wrap as a subquery.
func TestPostgresCompositeKeyAndSubquery(t *testing.T) {
	t.Parallel()
	ctx := testCtx(t)
	dsn := pgSetup(t, ctx,
		`CREATE TABLE visits (site text, day date, n integer)`,
		`INSERT INTO visits SELECT 's' || (g % 7), date '2024-01-01' + (g % 50), g FROM generate_series(1, 5000) g`)
	src := openSource(t, ctx, extract.KindPostgres, dsn)
	wh := openDuck(t, ctx)
	rel := adapters.RelName{Schema: "raw", Name: "daily"}
	query := "SELECT site, day, sum(n) AS total, avg(n) AS mean\n FROM visits GROUP BY site, day -- a comment\n;"
	n := land(t, ctx, src, query, wh, rel)
	key := []string{"site", "day"}
	if rep := diff(t, ctx, src, query, wh, rel, key, 1000, 0); rep.Sampled != int(n) || !rep.OK() {
		t.Fatalf("clean load of %d rows: %+v", n, rep)
	}
	exec(t, ctx, wh, `UPDATE raw.daily SET mean = mean + 1 WHERE site = 's3' AND day = DATE '2024-01-04'`)
	rep := diff(t, ctx, src, query, wh, rel, key, 1000, 0)
	if rep.Mismatched != 1 || len(rep.Examples) != 1 || rep.Examples[0].Column != "mean" ||
		fmt.Sprint(rep.Examples[0].Key) != "[s3 2024-01-04 00:00:00 +0000 UTC]" {
		t.Errorf("after corrupting (s3, 2024-01-04): %+v", rep)
	}
	if _, err := extract.SampleDiff(ctx, src, query, wh, rel, []string{"nope"}, 10, 0); err == nil {
		t.Error("SampleDiff with an unknown key column: no error")
	}
	if _, err := extract.SampleDiff(ctx, src, query, wh, rel, key, 10, -1); err == nil {
		t.Error("SampleDiff with a negative tolerance: no error")
	}
}

func TestColumnsAreWarehouseTypes(t *testing.T) {
	// The columns an extract reports must load as they are into DuckDB.
	t.Parallel()
	ctx := testCtx(t)
	src := openSource(t, ctx, extract.KindPostgres, pgSetup(t, ctx))
	rows, err := src.Query(ctx, `SELECT 1::numeric AS bare, 1.5::numeric(5,1) AS fixed, '{}'::json AS j`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	want := []models.Column{{Name: "bare", Type: "numeric"}, {Name: "fixed", Type: "numeric(5,1)"}, {Name: "j", Type: "json"}}
	if d := cmp.Diff(want, rows.Columns()); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

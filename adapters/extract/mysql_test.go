package extract_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/google/go-cmp/cmp"

	"github.com/quill-etl/quill/adapters"
	"github.com/quill-etl/quill/adapters/adaptertest"
	"github.com/quill-etl/quill/adapters/extract"
)

// mySetup runs statements on a fresh MySQL/MariaDB database and returns its DSN.
func mySetup(t testing.TB, ctx context.Context, stmts ...string) string {
	t.Helper()
	dsn := adaptertest.MySQLDB(t)
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		t.Fatal("cannot parse the MySQL test DSN")
	}
	conn, err := mysql.NewConnector(cfg)
	if err != nil {
		t.Fatal(err)
	}
	db := sql.OpenDB(conn)
	defer db.Close()
	for _, s := range stmts {
		if _, err := db.ExecContext(ctx, s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	return dsn
}

// myManyTypes is an OLTP table with most MySQL column types, 20,000 rows,
// NULLs in every nullable column of some rows.
var myManyTypes = []string{
	`CREATE TABLE orders (
		id BIGINT PRIMARY KEY, tiny TINYINT, flag BOOL, small SMALLINT, med MEDIUMINT, i INT,
		u INT UNSIGNED, ubig BIGINT UNSIGNED, amount DECIMAL(12,2), ratio FLOAT, score DOUBLE,
		bits BIT(10), yr YEAR, note TEXT, code VARCHAR(20), cc CHAR(3), day DATE, at DATETIME(6),
		at_ts TIMESTAMP(3) NULL, blob_col BLOB, vb VARBINARY(8), doc JSON, clock TIME,
		mood ENUM('sad','ok','happy'), tagset SET('a','b','c'))`,
	`SET SESSION time_zone = '+00:00'`,
	`INSERT INTO orders
	 WITH d AS (SELECT 0 AS x UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4
		UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9),
	 g AS (SELECT 1 + a.x + 10 * b.x + 100 * c.x + 1000 * e.x + 10000 * f.x AS n FROM d a, d b, d c, d e, d f)
	 SELECT n, n % 100 - 50, n % 2, n % 30000, n * 3, n * 7, n * 11, 18446744073709551615 - n,
		ROUND(n * 1.37, 2), n / 8, n / 3e0, n % 1024, 1901 + n % 200,
		CONCAT('note ', n, '\t"quoted"\n'), CONCAT('c', n), LPAD(n % 999, 3, '0'),
		DATE '2020-01-01' + INTERVAL (n % 2000) DAY,
		TIMESTAMP '2021-03-04 05:06:07.123456' + INTERVAL n MINUTE,
		TIMESTAMP '2021-03-04 05:06:07.5' + INTERVAL n SECOND,
		UNHEX(LPAD(HEX(n), 8, '0')), UNHEX(LPAD(HEX(n), 4, '0')),
		JSON_OBJECT('g', n, 'even', n % 2 = 0), SEC_TO_TIME(n * 37 - 300000),
		ELT(n % 3 + 1, 'sad', 'ok', 'happy'), IF(n % 2 = 0, 'a,c', 'b')
	 FROM g WHERE n <= 20000`,
	`UPDATE orders SET tiny = NULL, flag = NULL, small = NULL, med = NULL, i = NULL, u = NULL, ubig = NULL,
		amount = NULL, ratio = NULL, score = NULL, bits = NULL, yr = NULL, note = NULL, code = NULL,
		cc = NULL, day = NULL, at = NULL, at_ts = NULL, blob_col = NULL, vb = NULL, doc = NULL,
		clock = NULL, mood = NULL, tagset = NULL WHERE id % 97 = 0`,
}

func TestMySQLColumnsAndValues(t *testing.T) {
	t.Parallel()
	ctx := testCtx(t)
	src := openSource(t, ctx, extract.KindMySQL, mySetup(t, ctx, myManyTypes...))
	rows, err := src.Query(ctx, `SELECT * FROM orders WHERE id IN (2, 97) ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var types []string
	for _, c := range rows.Columns() {
		types = append(types, c.Name+" "+c.Type)
	}
	want := []string{"id bigint", "tiny smallint", "flag smallint", "small smallint", "med integer", "i integer",
		"u bigint", "ubig numeric(20,0)", "amount numeric(12,2)", "ratio double precision",
		"score double precision", "bits bigint", "yr integer", "note text", "code text", "cc text",
		"day date", "at timestamp", "at_ts timestamptz", "blob_col bytea", "vb bytea",
		// MariaDB's JSON is LONGTEXT with a check; MySQL's is its own type.
		"doc " + map[bool]string{true: "json", false: "text"}[isMySQL(t, ctx, src)],
		"clock interval", "mood text", "tagset text"}
	if d := cmp.Diff(want, types); d != "" {
		t.Errorf("columns (-want +got):\n%s", d)
	}
	row, err := rows.Next()
	if err != nil {
		t.Fatal(err)
	}
	wantRow := []any{int64(2), int64(-48), int64(0), int64(2), int64(6), int64(14), int64(22),
		"18446744073709551613", "2.74", 0.25, 2.0 / 3.0, int64(2), int64(1903),
		"note 2\t\"quoted\"\n", "c2", "002", time.Date(2020, 1, 3, 0, 0, 0, 0, time.UTC),
		time.Date(2021, 3, 4, 5, 8, 7, 123456000, time.UTC), time.Date(2021, 3, 4, 5, 6, 9, 500000000, time.UTC),
		[]byte{0, 0, 0, 2}, []byte{0, 2}, `{"g": 2, "even": true}`, "-83:18:46", "happy", "a,c"}
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
}

func isMySQL(t testing.TB, ctx context.Context, src *extract.Source) bool {
	rows, err := src.Query(ctx, `SELECT VERSION()`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	v, err := rows.Next()
	if err != nil {
		t.Fatal(err)
	}
	return !strings.Contains(strings.ToLower(fmt.Sprint(v[0])), "mariadb")
}

// TestMySQLToDuckDB lands 20,000 MariaDB rows, checks the count and a
// sampled diff of every row, then corrupts landed rows and checks the diff
// finds them.
func TestMySQLToDuckDB(t *testing.T) {
	t.Parallel()
	ctx := testCtx(t)
	src := openSource(t, ctx, extract.KindMySQL, mySetup(t, ctx, myManyTypes...))
	wh := openDuck(t, ctx)
	rel := adapters.RelName{Schema: "raw", Name: "orders"}
	const query = "SELECT * FROM orders"
	if n := land(t, ctx, src, query, wh, rel); n != 20000 {
		t.Fatalf("landed %d rows, want 20000", n)
	}
	key := []string{"id"}
	if rep := diff(t, ctx, src, query, wh, rel, key, 20000, 0); rep.Sampled != 20000 || !rep.OK() {
		t.Fatalf("clean load: %+v", rep)
	}
	exec(t, ctx, wh, `UPDATE raw.orders SET note = 'tampered', ubig = ubig - 1 WHERE id = 1234`)
	rep := diff(t, ctx, src, query, wh, rel, key, 20000, 0)
	cols := map[string]bool{}
	for _, e := range rep.Examples {
		cols[fmt.Sprint(e.Key, e.Column)] = true
	}
	if rep.Sampled != 20000 || rep.Mismatched != 1 || rep.Missing != 0 || len(rep.Examples) != 2 ||
		!cols["[1234]note"] || !cols["[1234]ubig"] {
		t.Errorf("after corrupting row 1234: %+v", rep)
	}
}

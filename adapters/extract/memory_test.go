package extract_test

import (
	"context"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/quill-etl/quill/adapters"
	"github.com/quill-etl/quill/adapters/extract"
	"github.com/quill-etl/quill/adapters/postgres"
)

// bigQuery generates rows of several types on the server, with no table.
const bigQuery = `SELECT g AS id, 'customer ' || g AS name, (g * 1.37)::numeric(14,2) AS amount,
	g / 7.0::float8 AS score, g % 3 = 0 AS flag,
	timestamptz '2020-01-01 00:00:00+00' + g * interval '1 second' AS at
	FROM generate_series(1, $N) g`

// heapWatch wraps a RowSource and records the largest Go heap it sees,
// sampled every `every` rows (ReadMemStats stops the world; not per row).
type heapWatch struct {
	rows  *extract.Rows
	every int64
	n     int64
	peak  uint64
}

func (h *heapWatch) Next() ([]any, error) {
	h.n++
	if h.n%h.every == 0 {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		h.peak = max(h.peak, m.HeapAlloc)
	}
	return h.rows.Next()
}

// extractOnce streams n generated rows into wh and returns how long it took
// and the Go heap's growth at its peak over the heap before.
func extractOnce(t testing.TB, ctx context.Context, src *extract.Source, wh adapters.Warehouse, n int) (time.Duration, uint64) {
	t.Helper()
	rel := adapters.RelName{Schema: "raw", Name: "big"}
	if err := wh.EnsureSchema(ctx, rel.Schema); err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	rows, err := src.Query(ctx, replaceN(bigQuery, n))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	h := &heapWatch{rows: rows, every: 50000, peak: before.HeapAlloc}
	tmp, err := wh.LoadTemp(ctx, rel, rows.Columns(), h)
	if err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	if err := wh.Swap(ctx, tmp); err != nil {
		t.Fatal(err)
	}
	if rows.Count() != int64(n) || tmp.Rows != int64(n) {
		t.Fatalf("extracted %d rows, landed %d, want %d", rows.Count(), tmp.Rows, n)
	}
	return took, h.peak - min(h.peak, before.HeapAlloc)
}

func replaceN(q string, n int) string {
	return strings.Replace(q, "$N", strconv.Itoa(n), 1)
}

// TestExtractMemoryIsFlat streams 100,000 and then 1,000,000 generated rows
// from PostgreSQL into DuckDB and checks that the Go heap's peak growth does
// not grow with the row count: the million rows (~100 MB as Go values) must
// never be held at once.
func TestExtractMemoryIsFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("extracts a million rows; skipped in -short")
	}
	ctx := testCtx(t)
	src := openSource(t, ctx, extract.KindPostgres, pgSetup(t, ctx))
	small, smallHeap := extractOnce(t, ctx, src, openDuck(t, ctx), 100_000)
	big, bigHeap := extractOnce(t, ctx, src, openDuck(t, ctx), 1_000_000)
	t.Logf("100k rows: %v (%.0f rows/s), peak heap growth %.1f MiB", small, 1e5/small.Seconds(), float64(smallHeap)/(1<<20))
	t.Logf("1M rows: %v (%.0f rows/s), peak heap growth %.1f MiB", big, 1e6/big.Seconds(), float64(bigHeap)/(1<<20))
	const limit = 32 << 20
	if bigHeap > limit {
		t.Errorf("extracting 1M rows grew the Go heap by %d MiB at its peak, want under %d MiB", bigHeap>>20, limit>>20)
	}
}

// BenchmarkExtract reports rows/s and the Go heap's peak growth for 1M
// generated rows from PostgreSQL into DuckDB (in memory) and into a
// PostgreSQL warehouse (COPY).
func BenchmarkExtract(b *testing.B) {
	const n = 1_000_000
	ctx := testCtx(b)
	src := openSource(b, ctx, extract.KindPostgres, pgSetup(b, ctx))
	warehouses := map[string]func() adapters.Warehouse{
		"duckdb": func() adapters.Warehouse { return openDuck(b, ctx) },
		"postgres": func() adapters.Warehouse {
			wh, err := postgres.Open(ctx, pgSetup(b, ctx), postgres.Options{})
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { wh.Close() })
			return wh
		},
	}
	for _, name := range []string{"duckdb", "postgres"} {
		b.Run(name, func(b *testing.B) {
			var took time.Duration
			var heap uint64
			for b.Loop() {
				d, h := extractOnce(b, ctx, src, warehouses[name](), n)
				took += d
				heap = max(heap, h)
			}
			b.ReportMetric(float64(n)*float64(b.N)/took.Seconds(), "rows/s")
			b.ReportMetric(float64(heap)/(1<<20), "peak-heap-MiB")
		})
	}
}

// BenchmarkExtractMySQL reports rows/s and the Go heap's peak growth for 1M
// rows generated in MariaDB/MySQL (a cross join of digits) into DuckDB.
func BenchmarkExtractMySQL(b *testing.B) {
	const n = 1_000_000
	ctx := testCtx(b)
	src := openSource(b, ctx, extract.KindMySQL, mySetup(b, ctx))
	const query = `WITH d AS (SELECT 0 AS x UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3
		UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9),
	g AS (SELECT 1 + a.x + 10 * b.x + 100 * c.x + 1000 * e.x + 10000 * f.x + 100000 * h.x AS n
		FROM d a, d b, d c, d e, d f, d h)
	SELECT n AS id, CONCAT('customer ', n) AS name, CAST(n * 1.37 AS DECIMAL(14,2)) AS amount,
		n / 7e0 AS score, n % 3 = 0 AS flag, TIMESTAMP '2020-01-01 00:00:00' + INTERVAL n SECOND AS at FROM g`
	var took time.Duration
	var heap uint64
	for b.Loop() {
		wh := openDuck(b, ctx)
		runtime.GC()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		start := time.Now()
		rows, err := src.Query(ctx, query)
		if err != nil {
			b.Fatal(err)
		}
		h := &heapWatch{rows: rows, every: 50000, peak: before.HeapAlloc}
		rel := adapters.RelName{Schema: "main", Name: "big"}
		tmp, err := wh.LoadTemp(ctx, rel, rows.Columns(), h)
		if err != nil {
			b.Fatal(err)
		}
		took += time.Since(start)
		rows.Close()
		if tmp.Rows != n {
			b.Fatalf("landed %d rows, want %d", tmp.Rows, n)
		}
		heap = max(heap, h.peak-min(h.peak, before.HeapAlloc))
	}
	b.ReportMetric(float64(n)*float64(b.N)/took.Seconds(), "rows/s")
	b.ReportMetric(float64(heap)/(1<<20), "peak-heap-MiB")
}

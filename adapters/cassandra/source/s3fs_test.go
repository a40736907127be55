package source

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
	"github.com/quill-etl/quill/adapters/cassandra/sstable"
	"github.com/quill-etl/quill/adapters/s3"
)

// asOf is the instant at which the test data is read (it has no TTLs).
var asOf = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// testdataRoot finds ../shared/testdata/cassandra beside the repository
// (or $QUILL_CASSANDRA_TESTDATA), read in place; without it the test skips,
// except in CI where that is a failure.
func testdataRoot(t *testing.T) string {
	t.Helper()
	root := os.Getenv("QUILL_CASSANDRA_TESTDATA")
	if root == "" {
		root = filepath.Join("..", "..", "..", "..", "shared", "testdata", "cassandra")
	}
	if _, err := os.Stat(filepath.Join(root, "MANIFEST.json")); err != nil {
		msg := "Cassandra test data not found at " + root + " (set QUILL_CASSANDRA_TESTDATA)"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return root
}

func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// fakeS3 starts an in-process S3 server over real HTTP with a bucket
// "snap", and points the AWS default chain at test credentials (the code
// under test takes them from there, as in production).
func fakeS3(t *testing.T) string {
	t.Helper()
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIATESTKEY")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "test-secret")
	t.Setenv("AWS_REGION", "us-east-1")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	be := s3mem.New()
	if err := be.CreateBucket("snap"); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(gofakes3.New(be).Server())
	t.Cleanup(srv.Close)
	return srv.URL
}

// upload copies the files of a test table to s3://snap/<prefix>/ and
// returns their sizes by FS path.
func upload(t *testing.T, endpoint, dir, prefix string) map[string]int64 {
	t.Helper()
	ctx := testCtx(t)
	st, err := s3.Open(ctx, s3.Config{Endpoint: endpoint, Bucket: "snap", Prefix: prefix, PathStyle: true})
	if err != nil {
		t.Fatal(err)
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	sizes := map[string]int64{}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := st.Put(ctx, e.Name(), bytes.NewReader(b)); err != nil {
			t.Fatal(err)
		}
		sizes["snap/"+prefix+"/"+e.Name()] = int64(len(b))
	}
	return sizes
}

// checkFetched asserts that no file was fetched beyond its size and no
// block twice.
func checkFetched(t *testing.T, st FetchStats, sizes map[string]int64) {
	t.Helper()
	var total int64
	for name, n := range st.ByFile {
		if n > sizes[name] {
			t.Errorf("fetched %d bytes of %s, a file of %d", n, name, sizes[name])
		}
		total += n
	}
	if total != st.Bytes || st.Refetched != 0 {
		t.Errorf("fetched %d bytes (files sum %d), %d of them again", st.Bytes, total, st.Refetched)
	}
}

// TestS3ScanMatchesExpected scans real tables from S3 with 1 and 4 splits
// and block sizes that do and do not divide the chunks, and compares the
// output with expected.jsonl byte for byte.
func TestS3ScanMatchesExpected(t *testing.T) {
	root := testdataRoot(t)
	endpoint := fakeS3(t)
	for _, table := range []string{"mc/keyspace1/compressed_bills", "oa/spark_test/testtable"} {
		dir := filepath.Join(root, table)
		prefix := "node1/" + table
		sizes := upload(t, endpoint, dir, prefix)
		want, err := os.ReadFile(filepath.Join(dir, "expected.jsonl"))
		if err != nil {
			t.Fatal(err)
		}
		for _, block := range []int64{0, 16 << 10, 5000} {
			for _, splits := range []int{1, 4} {
				fsys := NewS3FS(testCtx(t), S3Options{Endpoint: endpoint, BlockSize: block})
				var out bytes.Buffer
				_, err := sstable.Scan(testCtx(t), sstable.ScanOptions{Dirs: []string{"snap/" + prefix},
					SchemaFile: "snap/" + prefix + "/schema.cql", FS: fsys, AsOf: asOf, Splits: splits}, &out)
				if err != nil {
					t.Fatalf("%s block %d splits %d: %v", table, block, splits, err)
				}
				if out.String() != string(want) {
					t.Errorf("%s block %d splits %d: output differs from expected.jsonl (%d bytes, want %d)",
						table, block, splits, out.Len(), len(want))
				}
				st := fsys.Fetched()
				checkFetched(t, st, sizes)
				t.Logf("%s block %d splits %d: %d bytes in %d GETs", table, block, splits, st.Bytes, st.Requests)
			}
		}
	}
}

// TestS3SplitFetchesPart reads the four splits of a 97 KB Data.db of 16 KiB
// LZ4 chunks (nine chunks of ~11 KB compressed) one after the other, and
// checks that the first fetched only the blocks its chunks are in: under
// half the file with 4 KiB blocks (its 3 chunks are 34%), less than all of
// it with 16 KiB blocks; and that, all splits read, nothing came twice.
func TestS3SplitFetchesPart(t *testing.T) {
	root := testdataRoot(t)
	endpoint := fakeS3(t)
	prefix := "node1/testtable"
	sizes := upload(t, endpoint, filepath.Join(root, "oa/spark_test/testtable"), prefix)
	data := "snap/" + prefix + "/oa-13-big-Data.db"
	for _, tc := range []struct {
		block    int64
		maxFirst int64 // bytes of Data.db split 0 may fetch
	}{{4 << 10, sizes[data] / 2}, {16 << 10, sizes[data] - 1}} {
		ctx := testCtx(t)
		fsys := NewS3FS(ctx, S3Options{Endpoint: endpoint, BlockSize: tc.block})
		tab, err := sstable.Open(ctx, []string{"snap/" + prefix}, sstable.Options{AsOf: asOf, FS: fsys})
		if err != nil {
			t.Fatal(err)
		}
		splits, err := tab.Splits(ctx, 4)
		if err != nil || len(splits) != 4 {
			t.Fatalf("splits: %v, %v", splits, err)
		}
		before := fsys.Fetched().ByFile[data]
		rows := 0
		for i, s := range splits {
			n := drain(t, tab, s)
			rows += n
			got := fsys.Fetched().ByFile[data]
			t.Logf("block %d, split %d: %d rows, Data.db fetched %d of %d bytes so far", tc.block, i, n, got, sizes[data])
			if i == 0 && (n == 0 || got > tc.maxFirst) {
				t.Errorf("block %d: split 0 of 4 (%d rows) fetched %d bytes of a %d-byte Data.db, want ≤ %d",
					tc.block, n, got, sizes[data], tc.maxFirst)
			}
		}
		tab.Close()
		if before != 0 || rows != 10000 {
			t.Errorf("Data.db fetched before the first split: %d bytes; rows %d, want 10000", before, rows)
		}
		checkFetched(t, fsys.Fetched(), sizes)
	}
}

func drain(t *testing.T, tab *sstable.Table, s sstable.Split) int {
	t.Helper()
	rows, err := tab.Rows(testCtx(t), s)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for {
		_, err := rows.Next(testCtx(t))
		if errors.Is(err, io.EOF) {
			return n
		}
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
}

// TestS3Source lands a table through the source with s3:// locations, as a
// project's source "cassandra" block does.
func TestS3Source(t *testing.T) {
	root := testdataRoot(t)
	endpoint := fakeS3(t)
	dir := filepath.Join(root, "mc/keyspace1/compressed_bills")
	sizes := upload(t, endpoint, dir, "backups/bills")
	spec := Spec{Dirs: []string{"s3://snap/backups/bills/"}, SchemaFile: "s3://snap/backups/bills/schema.cql",
		AsOf: asOf, Splits: 2, S3: S3Options{Endpoint: endpoint}}
	ctx := testCtx(t)
	info, err := DescribeContext(ctx, spec)
	if err != nil || info.SSTables != 1 || info.Bytes != sizes["snap/backups/bills/mc-2-big-Data.db"] {
		t.Errorf("Describe = %+v, %v", info, err)
	}
	sc, err := Open(ctx, spec)
	if err != nil {
		t.Fatal(err)
	}
	for {
		_, err := sc.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := sc.Close(); err != nil {
		t.Fatal(err)
	}
	want, _ := os.ReadFile(filepath.Join(dir, "expected.jsonl"))
	if n := int64(bytes.Count(want, []byte("\n"))); sc.Count() != n {
		t.Errorf("rows = %d, want %d", sc.Count(), n)
	}
	checkFetched(t, sc.Fetched(), sizes)

	spec.Dirs = []string{"s3://snap/backups/nothing/"}
	if _, err := Open(ctx, spec); err == nil || !strings.Contains(err.Error(), "s3://snap/backups/nothing/") {
		t.Errorf("empty prefix: err = %v, want one naming s3://snap/backups/nothing/", err)
	}
	spec.Dirs = []string{"s3://snap/backups/bills/", dir}
	if _, err := Open(ctx, spec); err == nil || !strings.Contains(err.Error(), "mix") {
		t.Errorf("mixed locations: err = %v", err)
	}
}

// TestS3SmallCache scans with a cache of one 4 KiB block, so blocks are
// evicted and fetched again: the output must not change, and the re-fetches
// must be counted.
func TestS3SmallCache(t *testing.T) {
	root := testdataRoot(t)
	endpoint := fakeS3(t)
	dir := filepath.Join(root, "oa/spark_test/testtable")
	upload(t, endpoint, dir, "t")
	fsys := NewS3FS(testCtx(t), S3Options{Endpoint: endpoint, BlockSize: 4 << 10, CacheBytes: 1})
	var out bytes.Buffer
	if _, err := sstable.Scan(testCtx(t), sstable.ScanOptions{Dirs: []string{"snap/t"}, SchemaFile: "snap/t/schema.cql",
		FS: fsys, AsOf: asOf, Splits: 4}, &out); err != nil {
		t.Fatal(err)
	}
	want, _ := os.ReadFile(filepath.Join(dir, "expected.jsonl"))
	if out.String() != string(want) {
		t.Error("output differs from expected.jsonl")
	}
	if st := fsys.Fetched(); st.Refetched == 0 {
		t.Errorf("a one-block cache re-fetched nothing: %+v", st)
	}
}

// TestBlockCacheOneFetch has many readers ask for the same blocks at once:
// each block is fetched once, and reads across block ends are whole.
func TestBlockCacheOneFetch(t *testing.T) {
	file := make([]byte, 10_000)
	for i := range file {
		file[i] = byte(i * 7)
	}
	c := newBlockCache(1024, 1<<20)
	var calls atomic.Int64
	fetch := func(off, n int64) ([]byte, error) {
		calls.Add(1)
		time.Sleep(time.Millisecond) // let the other readers find it in flight
		return append([]byte(nil), file[off:off+n]...), nil
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for off := int64(g); off < int64(len(file)); off += 700 {
				p := make([]byte, 900)
				n, err := c.readAt("f", int64(len(file)), p, off, fetch)
				if want := min(900, len(file)-int(off)); n != want || !bytes.Equal(p[:n], file[off:off+int64(n)]) ||
					(n < 900) != (err == io.EOF) {
					t.Errorf("readAt(%d) = %d, %v; want %d bytes", off, n, err, want)
					return
				}
			}
		}()
	}
	wg.Wait()
	if st := c.snapshot(); calls.Load() != 10 || st.Bytes != int64(len(file)) || st.Refetched != 0 {
		t.Errorf("%d fetches, %+v; want 10 fetches of %d bytes in all", calls.Load(), st, len(file))
	}
}

package gen

import (
	"bufio"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pierrec/lz4/v4"
	"github.com/quill-etl/quill/adapters/cassandra/cql"
	"github.com/quill-etl/quill/adapters/cassandra/sstable"
)

// TestGenerateScans checks that a generated table reads back with as many
// rows as were written, in one scan and in splits.
func TestGenerateScans(t *testing.T) {
	res, err := Generate(context.Background(), Config{Dir: t.TempDir(), TargetBytes: 8 << 20, Compression: "lz4", Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	if res.Wide == 0 || res.Uncompressed < 8<<20 {
		t.Fatalf("generated %+v: want wide partitions and ≥ 8 MiB", res)
	}
	for _, n := range []int{1, 2, 4} {
		rows, _, err := scan(res, n)
		if err != nil {
			t.Fatal(err)
		}
		if rows != res.Rows {
			t.Errorf("%d splits: %d rows, %d written", n, rows, res.Rows)
		}
	}
}

// scan reads the table in n splits in parallel and returns the row count.
func scan(res Result, n int) (int64, sstable.Stats, error) {
	ctx := context.Background()
	schema, err := cql.ParseTable(Schema)
	if err != nil {
		return 0, sstable.Stats{}, err
	}
	tab, err := sstable.Open(ctx, []string{res.Descriptor.Dir}, sstable.Options{Schema: schema, AsOf: time.Now()})
	if err != nil {
		return 0, sstable.Stats{}, err
	}
	defer tab.Close()
	splits, err := tab.Splits(ctx, n)
	if err != nil {
		return 0, sstable.Stats{}, err
	}
	var (
		mu    sync.Mutex
		total sstable.Stats
		errs  []error
		wg    sync.WaitGroup
	)
	for _, s := range splits {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rows, err := tab.Rows(ctx, s)
			for err == nil {
				_, err = rows.Next(ctx)
			}
			mu.Lock()
			defer mu.Unlock()
			if err != io.EOF {
				errs = append(errs, err)
			}
			total.Add(rows.Stats())
		}()
	}
	wg.Wait()
	if len(errs) > 0 {
		return 0, total, errs[0]
	}
	return total.Rows, total, nil
}

// benchTable is the table the benchmarks scan: $QUILL_BENCH_SSTABLE (a
// directory gensstable wrote; only its generation 1 is used) or 256 MB
// generated into a temporary directory.
func benchTable(b *testing.B) Result {
	b.Helper()
	if dir := os.Getenv("QUILL_BENCH_SSTABLE"); dir != "" {
		return existing(b, dir)
	}
	benchOnce.Do(func() {
		dir, err := os.MkdirTemp("", "gensstable-bench-")
		if err == nil {
			benchRes, benchErr = Generate(context.Background(), Config{Dir: dir, TargetBytes: 256e6, Compression: "lz4", Seed: 1})
		} else {
			benchErr = err
		}
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchRes
}

var (
	benchOnce sync.Once
	benchRes  Result
	benchErr  error
)

func existing(b *testing.B, dir string) Result {
	entries, err := os.ReadDir(dir)
	if err != nil {
		b.Fatal(err)
	}
	for _, e := range entries {
		if name := e.Name(); strings.HasSuffix(name, "-big-Data.db") {
			parts := strings.SplitN(name, "-", 4)
			d := sstable.Descriptor{Dir: dir, Version: parts[0], Generation: parts[1], Format: "big"}
			return Result{Descriptor: d, DataPath: d.Path("Data.db")}
		}
	}
	b.Fatalf("no Data.db in %s", dir)
	return Result{}
}

// BenchmarkScan reports scan throughput (uncompressed MB/s of Data.db,
// rows/s) with 1, 2 and 4 splits, next to the raw LZ4 decompression of the
// same chunks (the physical floor of a scan), and the peak RSS.
func BenchmarkScan(b *testing.B) {
	res := benchTable(b)
	b.Run("lz4-decompress", func(b *testing.B) {
		for b.Loop() {
			n, err := decompressAll(res.Descriptor)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(n)
		}
		reportRSS(b)
	})
	for _, n := range []int{1, 2, 4} {
		b.Run(fmt.Sprintf("splits=%d", n), func(b *testing.B) {
			var rows int64
			var st sstable.Stats
			for b.Loop() {
				var err error
				if rows, st, err = scan(res, n); err != nil {
					b.Fatal(err)
				}
				b.SetBytes(st.BytesRead)
			}
			b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
			reportRSS(b)
		})
	}
}

// reportRSS reports the process's peak resident set (VmHWM) in MB.
func reportRSS(b *testing.B) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var kb float64
		if _, err := fmt.Sscanf(sc.Text(), "VmHWM: %f kB", &kb); err == nil {
			b.ReportMetric(kb/1024, "peakRSS-MB")
		}
	}
}

// decompressAll decompresses every chunk of an LZ4 Data.db with the same
// library the reader uses, without decoding rows, and returns the
// uncompressed bytes.
func decompressAll(d sstable.Descriptor) (int64, error) {
	chunk, offsets, dataLen, err := chunkTable(d)
	if err != nil {
		return 0, err
	}
	f, err := os.Open(d.Path("Data.db"))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return 0, err
	}
	offsets = append(offsets, fi.Size())
	br := bufio.NewReaderSize(f, 1<<20)
	dst := make([]byte, chunk)
	var src []byte
	var total int64
	for i := 0; i+1 < len(offsets); i++ {
		n := int(offsets[i+1] - offsets[i])
		if cap(src) < n {
			src = make([]byte, n)
		}
		src = src[:n]
		if _, err := io.ReadFull(br, src); err != nil {
			return 0, err
		}
		want := min(int64(chunk), dataLen-total)
		got, err := lz4.UncompressBlock(src[4:n-4], dst[:want])
		if err != nil {
			return 0, fmt.Errorf("chunk %d: %v", i, err)
		}
		total += int64(got)
	}
	return total, nil
}

// chunkTable reads CompressionInfo.db: chunk length, offsets, data length.
func chunkTable(d sstable.Descriptor) (int, []int64, int64, error) {
	b, err := os.ReadFile(d.Path("CompressionInfo.db"))
	if err != nil {
		return 0, nil, 0, err
	}
	bad := fmt.Errorf("%s: truncated", d.Path("CompressionInfo.db"))
	p := 2 + int(binary.BigEndian.Uint16(b))
	if p+4 > len(b) {
		return 0, nil, 0, bad
	}
	nopt := int(binary.BigEndian.Uint32(b[p:]))
	p += 4
	for i := 0; i < 2*nopt; i++ { // options: key and value UTF strings
		if p+2 > len(b) {
			return 0, nil, 0, bad
		}
		p += 2 + int(binary.BigEndian.Uint16(b[p:]))
	}
	if p+24 > len(b) {
		return 0, nil, 0, bad
	}
	chunk := int(binary.BigEndian.Uint32(b[p:]))
	p += 4
	if d.Version >= "na" {
		p += 4
	}
	dataLen := int64(binary.BigEndian.Uint64(b[p:]))
	count := int(binary.BigEndian.Uint32(b[p+8:]))
	p += 12
	if p+8*count > len(b) {
		return 0, nil, 0, bad
	}
	offs := make([]int64, count)
	for i := range offs {
		offs[i] = int64(binary.BigEndian.Uint64(b[p+8*i:]))
	}
	return chunk, offs, dataLen, nil
}

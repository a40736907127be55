package nostos

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

var benchBig = flag.Bool("nostos.big", false, "also benchmark the export of 10M keys")

// BenchmarkExport exports n generated rows (4 columns, keys in scrambled
// order, so the sort spills) into a fresh store per iteration, and reports
// keys/s and the peak Go heap (sampled) and peak RSS.
//
//	go test -run XXX -bench BenchmarkExport -benchtime 1x ./adapters/nostos/ [-nostos.big]
func BenchmarkExport(b *testing.B) {
	sizes := []int64{1_000_000}
	if *benchBig {
		sizes = append(sizes, 10_000_000)
	}
	for _, n := range sizes {
		b.Run(fmt.Sprintf("keys=%dM", n/1_000_000), func(b *testing.B) {
			var peak atomic.Uint64
			stop := sampleHeap(&peak)
			defer stop()
			var res Result
			for b.Loop() {
				b.StopTimer()
				s, err := OpenEmbedded(b.TempDir())
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				res, err = Export(context.Background(), &genRows{n: n, run: 1}, s, Spec{Dataset: "bench", Key: []string{"id"}, Keep: 3})
				if err != nil {
					b.Fatal(err)
				}
				s.Close()
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "keys/s")
			b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MiB")
			b.ReportMetric(float64(peakRSS())/(1<<10), "peak-rss-MiB")
			b.ReportMetric(float64(res.Bytes)/float64(n), "store-B/key")
			b.ReportMetric(float64(res.Spilled)/(1<<20), "spilled-MiB")
		})
	}
}

// sampleHeap records the largest HeapInuse seen every 20 ms.
func sampleHeap(peak *atomic.Uint64) (stop func()) {
	done := make(chan struct{})
	go func() {
		var m runtime.MemStats
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() { close(done) }
}

// peakRSS is the process's peak resident set in KiB (Linux), 0 elsewhere.
func peakRSS() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return n
		}
	}
	return 0
}

// BenchmarkGet reads single keys of a 1M-key dataset through the store, all
// fields and two selected ones.
func BenchmarkGet(b *testing.B) {
	const n = 1_000_000
	s, err := OpenEmbedded(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if _, err := Export(context.Background(), &genRows{n: n, run: 1}, s, Spec{Dataset: "bench", Key: []string{"id"}}); err != nil {
		b.Fatal(err)
	}
	keys := make([]string, 4096)
	for i := range keys {
		keys[i] = strconv.Itoa((i * 104729) % n)
	}
	for _, c := range []struct {
		name   string
		fields []string
	}{{"all", nil}, {"fields=name,run", []string{"name", "run"}}} {
		b.Run(c.name, func(b *testing.B) {
			ctx := context.Background()
			i := 0
			for b.Loop() {
				if _, err := s.Get(ctx, "bench", keys[i%len(keys)], c.fields, 0); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
		b.Run(c.name+"/parallel", func(b *testing.B) {
			ctx := context.Background()
			var ctr atomic.Int64
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					i := ctr.Add(1)
					if _, err := s.Get(ctx, "bench", keys[int(i)%len(keys)], c.fields, 0); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

// Command serve is the load generator for quill serve: it seeds a synthetic
// dataset into a project's embedded Nostos store (-seed), or sends
// single-key reads at a fixed rate (open loop: latency is measured from
// each request's scheduled time, so a stalled server cannot hide its queue)
// and prints throughput and p50/p99/p99.9 latency. See bench/serve.sh.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/quill-etl/quill/adapters/nostos"
)

func main() {
	seed := flag.String("seed", "", "project directory to seed with dataset \"bench\" and exit")
	keys := flag.Int("keys", 1_000_000, "keys in the dataset")
	url := flag.String("url", "http://127.0.0.1:8080", "server")
	rate := flag.Int("rate", 10_000, "requests per second")
	dur := flag.Duration("duration", 20*time.Second, "how long to send")
	fields := flag.String("fields", "", "fields= of each request (empty: all)")
	workers := flag.Int("workers", 64, "concurrent connections")
	flag.Parse()
	if *seed != "" {
		if err := seedStore(*seed, *keys); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		return
	}
	os.Exit(load(*url, *rate, *dur, *fields, *workers, *keys))
}

type genRows struct{ n, i int64 }

func (g *genRows) Columns() []string { return []string{"id", "name", "email", "plan", "score"} }
func (g *genRows) Next() ([]any, error) {
	if g.i == g.n {
		return nil, io.EOF
	}
	id := (g.i * 7919) % g.n
	g.i++
	return []any{id, fmt.Sprintf("user %d", id), fmt.Sprintf("u%d@example.com", id), "pro", float64(id) / 7}, nil
}

func seedStore(project string, n int) error {
	s, err := nostos.OpenEmbedded(filepath.Join(project, ".quill", "nostos"))
	if err != nil {
		return err
	}
	defer s.Close()
	res, err := nostos.Export(context.Background(), &genRows{n: int64(n)}, s, nostos.Spec{Dataset: "bench", Key: []string{"id"}, Keep: 3})
	fmt.Printf("seeded %s v%d: %d keys in %s\n", project, res.Version, res.Keys, res.Took.Round(time.Millisecond))
	return err
}

func load(base string, rate int, dur time.Duration, fields string, workers, keys int) int {
	client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: workers, MaxConnsPerHost: workers}}
	q := ""
	if fields != "" {
		q = "?fields=" + fields
	}
	type job struct{ at time.Time }
	jobs := make(chan job, rate) // a second of backlog before the scheduler blocks
	var mu sync.Mutex
	var lat []time.Duration
	errs := 0
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			bad := 0
			for j := range jobs {
				resp, err := client.Get(fmt.Sprintf("%s/v1/datasets/bench/keys/%d%s", base, rand.IntN(keys), q))
				if err == nil {
					_, _ = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode != 200 {
						err = fmt.Errorf("status %d", resp.StatusCode)
					}
				}
				if err != nil {
					bad++
				}
				mine = append(mine, time.Since(j.at))
			}
			mu.Lock()
			lat, errs = append(lat, mine...), errs+bad
			mu.Unlock()
		}()
	}
	start := time.Now()
	interval := time.Second / time.Duration(rate)
	total := int(dur / interval)
	for i := range total {
		at := start.Add(time.Duration(i) * interval)
		if d := time.Until(at); d > 0 {
			time.Sleep(d)
		}
		jobs <- job{at: at}
	}
	close(jobs)
	wg.Wait()
	took := time.Since(start)
	slices.Sort(lat)
	pct := func(p float64) time.Duration { return lat[min(len(lat)-1, int(p*float64(len(lat))))] }
	fmt.Printf("fields=%q rate=%d/s sent=%d in %s → %.0f req/s, errors %d, p50 %s p99 %s p99.9 %s max %s\n",
		fields, rate, len(lat), took.Round(time.Millisecond), float64(len(lat))/took.Seconds(), errs,
		pct(0.50), pct(0.99), pct(0.999), lat[len(lat)-1])
	if errs > 0 {
		return 1
	}
	return 0
}

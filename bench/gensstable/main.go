// Command gensstable writes a large synthetic Cassandra table with quill's
// SSTable writer, for the scan benchmarks: many small partitions and a few
// wide ones, text that compresses about as well as real rows do. The data
// goes to a directory outside the repository's tracked files (bench/out is
// gitignored); schema.cql is written beside it so `quill scan DIR --schema
// DIR/schema.cql` reads it.
//
//	go run ./bench/gensstable -dir bench/out/sstable -size 2GB
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"time"

	"github.com/quill-etl/quill/bench/gensstable/gen"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("gensstable", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg gen.Config
	size := fs.String("size", "2GB", "uncompressed Data.db size to reach (e.g. 512MB, 2GB)")
	fs.StringVar(&cfg.Dir, "dir", "bench/out/sstable", "output directory (created; must not hold the SSTable already)")
	fs.StringVar(&cfg.Version, "version", "nb", "SSTable version: md, me, nb or oa")
	fs.StringVar(&cfg.Compression, "compression", "lz4", "none, lz4, snappy, deflate or zstd")
	fs.IntVar(&cfg.ChunkSize, "chunk", 0, "compression chunk size in bytes (0: the version's default)")
	fs.Int64Var(&cfg.Seed, "seed", 1, "seed of the generated values")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	n, err := parseSize(*size)
	if err != nil {
		fmt.Fprintln(stderr, "gensstable:", err)
		return 2
	}
	cfg.TargetBytes = n
	start := time.Now()
	res, err := gen.Generate(ctx, cfg)
	if err != nil {
		fmt.Fprintln(stderr, "gensstable:", err)
		return 1
	}
	took := time.Since(start)
	fmt.Fprintf(stdout, "%s: %d partitions (%d wide), %d rows, %d bytes uncompressed, %d bytes on disk, %.1fs (%.0f MB/s)\n",
		res.DataPath, res.Partitions, res.Wide, res.Rows, res.Uncompressed, res.Stored, took.Seconds(), float64(res.Uncompressed)/1e6/took.Seconds())
	return 0
}

// parseSize reads "2GB", "512MB", "100kB" or a plain byte count (powers of 1000).
func parseSize(s string) (int64, error) {
	s = strings.ToUpper(strings.TrimSpace(s))
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		m      int64
	}{{"GB", 1e9}, {"MB", 1e6}, {"KB", 1e3}, {"B", 1}} {
		if strings.HasSuffix(s, u.suffix) {
			s, mult = strings.TrimSuffix(s, u.suffix), u.m
			break
		}
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || v <= 0 {
		return 0, fmt.Errorf("bad -size %q", s)
	}
	return int64(v * float64(mult)), nil
}

package sstable

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"sync"
	"time"

	"github.com/quill-etl/quill/adapters/cassandra/cql"
)

// ScanOptions configure Scan (the `quill scan` command).
type ScanOptions struct {
	Dirs       []string  // directories holding the SSTables of one table
	SchemaFile string    // a schema.cql with the CREATE TABLE, in FS; "" to use the headers
	AsOf       time.Time // instant at which TTLs are judged; zero = now
	Splits     int       // token-range splits read in parallel; ≤ 1 = one
	Format     string    // "jsonl" (default) or "csv"
	// Unordered lets the rows of different splits interleave (in batches)
	// so that splits run fully in parallel. By default the output is in
	// token order whatever the number of splits.
	Unordered bool
	// Schema is a table already parsed, for a schema that lives elsewhere
	// than FS (a local file beside an S3 snapshot); it wins over SchemaFile.
	Schema *cql.Table
	// FS holds Dirs and SchemaFile; nil is the local disk.
	FS FS
}

// batchSize is the size of the output buffers passed from split workers to
// the writer.
const batchSize = 64 << 10

// Scan reads the SSTables in opts.Dirs, merges them and writes every live
// row to out, one JSON object a line or as CSV with a header line.
func Scan(ctx context.Context, opts ScanOptions, out io.Writer) (Stats, error) {
	started := time.Now()
	schema := opts.Schema
	if schema == nil && opts.SchemaFile != "" {
		src, err := readAll(orLocal(opts.FS), opts.SchemaFile, maxMetadataFile)
		if err != nil {
			return Stats{}, err
		}
		if schema, err = cql.ParseTable(string(src)); err != nil {
			return Stats{}, fmt.Errorf("%s:%w", opts.SchemaFile, err)
		}
	}
	enc, err := newEncoder(opts.Format)
	if err != nil {
		return Stats{}, err
	}
	t, err := Open(ctx, opts.Dirs, Options{Schema: schema, AsOf: opts.AsOf, FS: opts.FS})
	if err != nil {
		return Stats{}, err
	}
	defer t.Close()
	splits, err := t.Splits(ctx, opts.Splits)
	if err != nil {
		return Stats{}, err
	}
	if h := enc.header(t.Columns()); len(h) > 0 {
		if _, err := out.Write(h); err != nil {
			return Stats{}, err
		}
	}
	st, err := runSplits(ctx, t, splits, enc, out, opts.Unordered)
	st.Duration = time.Since(started)
	return st, err
}

// runSplits reads the splits in parallel (at most GOMAXPROCS at a time)
// and writes their output batches to out, in split order unless unordered.
func runSplits(ctx context.Context, t *Table, splits []Split, enc encoder, out io.Writer, unordered bool) (Stats, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	chans := make([]chan []byte, len(splits))
	shared := make(chan []byte, 16)
	for i := range chans {
		chans[i] = shared
		if !unordered {
			chans[i] = make(chan []byte, 16)
		}
	}
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		total Stats
		first error
	)
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, s := range splits {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if !unordered {
				defer close(chans[i])
			}
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				return
			}
			defer func() { <-sem }()
			st, err := scanSplit(ctx, t, s, enc, chans[i])
			mu.Lock()
			defer mu.Unlock()
			total.Add(st)
			if err != nil && first == nil {
				first = err
				cancel()
			}
		}()
	}
	if unordered {
		go func() { wg.Wait(); close(shared) }()
	}
	werr := drain(ctx, chans, unordered, out, cancel)
	wg.Wait()
	if first == nil {
		first = werr
	}
	return total, first
}

// drain writes batches to out; after a write error it keeps draining so
// that no worker stays blocked.
func drain(ctx context.Context, chans []chan []byte, unordered bool, out io.Writer, cancel func()) error {
	var werr error
	write := func(b []byte) {
		if werr == nil {
			if _, werr = out.Write(b); werr != nil {
				cancel()
			}
		}
	}
	if unordered {
		for b := range chans[0] {
			write(b)
		}
		return werr
	}
	for _, ch := range chans {
		for b := range ch {
			write(b)
		}
	}
	return werr
}

// scanSplit encodes the rows of one split into batches sent to ch.
func scanSplit(ctx context.Context, t *Table, s Split, enc encoder, ch chan<- []byte) (Stats, error) {
	rows, err := t.Rows(ctx, s)
	if err != nil {
		return Stats{}, err
	}
	defer rows.Close()
	cols := t.Columns()
	buf := make([]byte, 0, batchSize+4096)
	send := func() bool {
		select {
		case ch <- buf:
			buf = make([]byte, 0, batchSize+4096)
			return true
		case <-ctx.Done():
			return false
		}
	}
	for {
		row, err := rows.Next(ctx)
		if err == io.EOF {
			break
		}
		if err != nil {
			return rows.Stats(), err
		}
		buf = enc.row(buf, cols, row)
		if len(buf) >= batchSize && !send() {
			return rows.Stats(), ctx.Err()
		}
	}
	if len(buf) > 0 && !send() {
		return rows.Stats(), ctx.Err()
	}
	return rows.Stats(), nil
}

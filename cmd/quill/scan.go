package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"time"

	"github.com/quill-etl/quill/adapters/cassandra/source"
	"github.com/quill-etl/quill/adapters/cassandra/sstable"
	"github.com/spf13/cobra"
)

func scanCmd(e *env) *cobra.Command {
	var opts sstable.ScanOptions
	var asOf, endpoint string
	var stats bool
	c := &cobra.Command{
		Use:   "scan SSTABLE_DIR|s3://BUCKET/PREFIX/...",
		Short: "Print a Cassandra table's merged rows read from its SSTables (a read at consistency ALL)",
		Long: `Reads every SSTable of one table in the given directories (several nodes'
snapshots or generations of the same table), merges them as a read at
consistency ALL would, and prints one JSON object (or CSV record) per row.

The directories may be s3:// prefixes (all of them, then), read with ranged
GETs so that no byte is fetched twice; --schema may be an s3:// URL too.
Credentials and region come from the AWS default chain (AWS_ACCESS_KEY_ID,
AWS_REGION, profiles, instance roles).`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Dirs = args
			snap, err := s3Snapshot(cmd.Context(), &opts, endpoint)
			if err != nil {
				return fail(exitUser, "quill scan: %v", err)
			}
			if asOf != "" {
				t, err := time.Parse(time.RFC3339, asOf)
				if err != nil {
					return fail(exitUser, "--as-of %q: want an RFC 3339 instant like 2026-11-24T00:00:00Z", asOf)
				}
				opts.AsOf = t
			}
			var out io.Writer = io.Discard
			var buf *bufio.Writer
			if !stats {
				buf = bufio.NewWriterSize(e.Stdout, 1<<16)
				out = buf
			}
			st, err := sstable.Scan(cmd.Context(), opts, out)
			if buf != nil {
				if ferr := buf.Flush(); err == nil {
					err = ferr
				}
			}
			if err != nil {
				return fail(exitUser, "quill scan: %v", err)
			}
			if stats {
				writeScanStats(e, st, opts)
				if snap != nil {
					f := snap.S3.Fetched()
					fmt.Fprintf(e.Stdout, "s3 bytes fetched %d in %d requests\n", f.Bytes, f.Requests)
				}
			}
			return nil
		},
	}
	c.Flags().StringVar(&opts.SchemaFile, "schema", "", "CQL file with the table's CREATE TABLE (default: names and types from the SSTable headers)")
	c.Flags().StringVar(&opts.Format, "format", "jsonl", "output format: jsonl or csv")
	c.Flags().StringVar(&asOf, "as-of", "", "instant at which TTLs are judged (RFC 3339; default now)")
	c.Flags().IntVar(&opts.Splits, "splits", 1, "token-range splits read in parallel")
	c.Flags().BoolVar(&stats, "stats", false, "print only counts, bytes and timings")
	c.Flags().StringVar(&endpoint, "s3-endpoint", "", "base URL of an S3-compatible server for s3:// locations (MinIO; default AWS S3)")
	return c
}

// s3Snapshot points opts at S3 when a location is an s3:// URL, reading
// the schema itself (it may be local while the snapshot is not); nil for a
// scan of local directories, which opts already describes.
func s3Snapshot(ctx context.Context, opts *sstable.ScanOptions, endpoint string) (*source.Snapshot, error) {
	spec := source.Spec{Dirs: opts.Dirs, SchemaFile: opts.SchemaFile, S3: source.S3Options{Endpoint: endpoint}}
	snap, err := source.OpenSnapshot(ctx, spec)
	if err != nil || snap.S3 == nil {
		return nil, err
	}
	if opts.Schema, err = snap.ReadSchema(opts.SchemaFile); err != nil {
		return nil, err
	}
	opts.FS, opts.Dirs, opts.SchemaFile = snap.FS, snap.Dirs, ""
	return snap, nil
}

func writeScanStats(e *env, st sstable.Stats, opts sstable.ScanOptions) {
	mbps := 0.0
	if s := st.Duration.Seconds(); s > 0 {
		mbps = float64(st.BytesRead) / s / 1e6
	}
	fmt.Fprintf(e.Stdout, "partitions %d\nrows %d\ndata bytes %d (uncompressed)\nfile bytes %d\nsplits %d\nseconds %.3f\nthroughput %.1f MB/s\n",
		st.Partitions, st.Rows, st.BytesRead, st.CompressedBytes, max(opts.Splits, 1), st.Duration.Seconds(), mbps)
}

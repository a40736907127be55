package main

import (
	"bufio"
	"fmt"
	"io"
	"time"

	"github.com/quill-etl/quill/adapters/cassandra/sstable"
	"github.com/spf13/cobra"
)

func scanCmd(e *env) *cobra.Command {
	var opts sstable.ScanOptions
	var asOf string
	var stats bool
	c := &cobra.Command{
		Use:   "scan SSTABLE_DIR...",
		Short: "Print a Cassandra table's merged rows read from its SSTables (a read at consistency ALL)",
		Long: `Reads every SSTable of one table in the given directories (several nodes'
snapshots or generations of the same table), merges them as a read at
consistency ALL would, and prints one JSON object (or CSV record) per row.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Dirs = args
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
			}
			return nil
		},
	}
	c.Flags().StringVar(&opts.SchemaFile, "schema", "", "CQL file with the table's CREATE TABLE (default: names and types from the SSTable headers)")
	c.Flags().StringVar(&opts.Format, "format", "jsonl", "output format: jsonl or csv")
	c.Flags().StringVar(&asOf, "as-of", "", "instant at which TTLs are judged (RFC 3339; default now)")
	c.Flags().IntVar(&opts.Splits, "splits", 1, "token-range splits read in parallel")
	c.Flags().BoolVar(&stats, "stats", false, "print only counts, bytes and timings")
	return c
}

func writeScanStats(e *env, st sstable.Stats, opts sstable.ScanOptions) {
	mbps := 0.0
	if s := st.Duration.Seconds(); s > 0 {
		mbps = float64(st.BytesRead) / s / 1e6
	}
	fmt.Fprintf(e.Stdout, "partitions %d\nrows %d\ndata bytes %d (uncompressed)\nfile bytes %d\nsplits %d\nseconds %.3f\nthroughput %.1f MB/s\n",
		st.Partitions, st.Rows, st.BytesRead, st.CompressedBytes, max(opts.Splits, 1), st.Duration.Seconds(), mbps)
}

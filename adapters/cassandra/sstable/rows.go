package sstable

import (
	"context"
	"fmt"
	"time"

	"github.com/quill-etl/quill/adapters/cassandra/cql"
)

// Row is one merged CQL row: one value per column of Table.Columns, in that
// order, nil for null. values.go lists the Go type of each CQL type.
type Row []any

// Stats counts what a scan read.
type Stats struct {
	Partitions      int64         // partitions that produced at least one row
	Rows            int64         // rows returned
	BytesRead       int64         // uncompressed Data.db bytes decoded
	CompressedBytes int64         // Data.db bytes read from disk
	Duration        time.Duration // wall time of the scan
}

// Add accumulates o into s (durations take the maximum: splits run in
// parallel).
func (s *Stats) Add(o Stats) {
	s.Partitions += o.Partitions
	s.Rows += o.Rows
	s.BytesRead += o.BytesRead
	s.CompressedBytes += o.CompressedBytes
	s.Duration = max(s.Duration, o.Duration)
}

// Rows iterates over the merged rows of one split in token order, then
// clustering order.
type Rows struct {
	t       *Table
	m       *merger
	srcs    []*partitionReader
	stats   Stats
	lastKey []byte
	started time.Time
	err     error
}

// Next returns the next row, io.EOF after the last one. The context is
// checked between rows.
func (r *Rows) Next(ctx context.Context) (Row, error) {
	if r.err != nil {
		return nil, r.err
	}
	if r.stats.Rows%256 == 0 {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	mr, err := r.m.next()
	if err == nil {
		var row Row
		if row, err = r.convert(mr); err == nil {
			r.stats.Rows++
			if len(r.lastKey) == 0 || string(r.lastKey) != string(mr.key) || r.stats.Partitions == 0 {
				r.stats.Partitions++
				r.lastKey = mr.key
			}
			return row, nil
		}
	}
	r.err = err
	r.stats.Duration = time.Since(r.started)
	return nil, err
}

// Stats returns the counters so far.
func (r *Rows) Stats() Stats {
	s := r.stats
	for _, p := range r.srcs {
		s.BytesRead += p.r.bytesRead
		s.CompressedBytes += p.r.compressedRead
	}
	if s.Duration == 0 {
		s.Duration = time.Since(r.started)
	}
	return s
}

// Close releases the iterator (the SSTable files stay open with the Table).
func (r *Rows) Close() error { return nil }

// convert decodes a merged row into Go values.
func (r *Rows) convert(mr *mergedRow) (Row, error) {
	s := r.t.schema
	row := make(Row, len(s.table.Columns))
	if err := r.decodeKey(mr.key, row); err != nil {
		return nil, err
	}
	for i, idx := range s.clustering {
		if i >= len(mr.clustering) {
			break
		}
		v, err := decodeValue(s.table.Columns[idx].Type, mr.clustering[i])
		if err != nil {
			return nil, fmt.Errorf("partition %x: clustering column %q: %w", mr.key, s.table.Columns[idx].Name, err)
		}
		row[idx] = v
	}
	if err := r.decodeCells(mr.static, row); err != nil {
		return nil, err
	}
	return row, r.decodeCells(mr.cells, row)
}

// decodeKey splits a partition key into its columns: a single-column key
// is the raw value; a composite one is, per column, a u16 length, the
// bytes and an end-of-component byte.
func (r *Rows) decodeKey(key []byte, row Row) error {
	s := r.t.schema
	parts, err := splitKey(key, len(s.partition))
	if err != nil {
		return err
	}
	for i, idx := range s.partition {
		v, err := decodeValue(s.table.Columns[idx].Type, parts[i])
		if err != nil {
			return fmt.Errorf("partition key %x: column %q: %w", key, s.table.Columns[idx].Name, err)
		}
		row[idx] = v
	}
	return nil
}

// decodeCells decodes live cells (grouped by column) into row.
func (r *Rows) decodeCells(cells []cell, row Row) error {
	for i := 0; i < len(cells); {
		j := i + 1
		for j < len(cells) && cells[j].col == cells[i].col {
			j++
		}
		c := r.t.schema.table.Columns[cells[i].col]
		var v any
		var err error
		if c.Type.IsMultiCell() {
			v, err = decodeComplex(c.Type, cells[i:j])
		} else {
			v, err = decodeValue(c.Type, cells[j-1].value)
		}
		if err != nil {
			return r.cellError(cells[i], c, err)
		}
		row[cells[i].col] = v
		i = j
	}
	return nil
}

func (r *Rows) cellError(c cell, col cql.Column, err error) error {
	file := "Data.db"
	if c.src >= 0 && c.src < len(r.t.ssts) {
		file = r.t.ssts[c.src].desc.Path(compData)
	}
	return corruptf(file, c.pos, "expected a %s value in column %q: %v", col.Type, col.Name, err)
}

package sstable

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/quill-etl/quill/adapters/cassandra/cql"
)

// Options configure Open.
type Options struct {
	// Schema is the table's CQL schema. When nil, column names and types
	// come from the SSTables' serialization headers, with generated names
	// for key columns (key, key2, …, column1, column2, …).
	Schema *cql.Table
	// AsOf is the instant at which TTLs are judged: a cell whose expiration
	// time is at or before it is dead. The zero value means time.Now().
	AsOf time.Time
	// FS holds the SSTables' files (an S3 prefix, …); nil is the local disk.
	FS FS
}

// Table is a set of SSTables of one table (several generations, several
// nodes' replicas) opened for reading. It is safe for concurrent use: each
// Rows iterator has its own readers.
type Table struct {
	ssts   []*sstable
	schema *tableSchema
	part   Partitioner
	asOf   int64
}

// Open reads the metadata of every SSTable in dirs and checks their
// serialization headers against the schema. The caller must Close the
// table.
func Open(ctx context.Context, dirs []string, opts Options) (*Table, error) {
	descs, err := DiscoverFS(opts.FS, dirs)
	if err != nil {
		return nil, err
	}
	t := &Table{asOf: opts.AsOf.Unix()}
	if opts.AsOf.IsZero() {
		t.asOf = time.Now().Unix()
	}
	for _, d := range descs {
		if err := ctx.Err(); err != nil {
			t.Close()
			return nil, err
		}
		s, err := openSSTable(d)
		if err != nil {
			t.Close()
			return nil, err
		}
		t.ssts = append(t.ssts, s)
	}
	if err := t.bindSchema(opts.Schema); err != nil {
		t.Close()
		return nil, err
	}
	return t, nil
}

// bindSchema settles the schema and maps every SSTable's header onto it.
func (t *Table) bindSchema(schema *cql.Table) error {
	if schema == nil {
		var headers []*Header
		for _, s := range t.ssts {
			headers = append(headers, &s.stats.Header)
		}
		var err error
		if schema, err = schemaFromHeaders(headers); err != nil {
			return err
		}
	}
	t.schema = newTableSchema(schema)
	for i, s := range t.ssts {
		if i == 0 {
			t.part = s.part
		} else if s.part != t.part {
			return fmt.Errorf("%s: partitioner %s, but %s uses %s", s.desc.Path(compStatistics), s.part, t.ssts[0].desc.Path(compStatistics), t.part)
		}
		m, err := t.schema.mapHeader(s.desc.Path(compStatistics), &s.stats.Header)
		if err != nil {
			return err
		}
		s.cols = m
	}
	return nil
}

// Columns returns the table's columns in schema declaration order: the
// order of the values of every Row.
func (t *Table) Columns() []cql.Column { return t.schema.table.Columns }

// Partitioner returns the partitioner the SSTables were written with.
func (t *Table) Partitioner() Partitioner { return t.part }

// SSTables returns the descriptors of the opened SSTables.
func (t *Table) SSTables() []Descriptor {
	out := make([]Descriptor, len(t.ssts))
	for i, s := range t.ssts {
		out[i] = s.desc
	}
	return out
}

// Close closes every Data.db. Rows iterators must not be used afterwards.
func (t *Table) Close() error {
	var errs []error
	for _, s := range t.ssts {
		errs = append(errs, s.close())
	}
	return errors.Join(errs...)
}

// Rows starts reading the merged rows of one split (use Split{} for the
// whole table). The iterator is not safe for concurrent use; open one per
// worker.
func (t *Table) Rows(ctx context.Context, s Split) (*Rows, error) {
	lo, hi := t.bound(s.Start), t.bound(s.End)
	var srcs []*partitionReader
	for i, st := range t.ssts {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		dataLen := st.dataSize
		if st.comp != nil {
			dataLen = st.comp.dataLength
		}
		start, end, err := st.positionsFor(lo, hi, dataLen)
		if err != nil {
			return nil, err
		}
		pr, err := newPartitionReader(st, i, start, end, lo, hi)
		if err != nil {
			return nil, err
		}
		srcs = append(srcs, pr)
	}
	m, err := newMerger(srcs, newReconciler(t.schema, t.asOf))
	if err != nil {
		return nil, err
	}
	return &Rows{t: t, m: m, srcs: srcs, started: time.Now()}, nil
}

func (t *Table) bound(key []byte) *decoratedKey {
	if key == nil {
		return nil
	}
	dk := t.part.decorate(key)
	return &dk
}

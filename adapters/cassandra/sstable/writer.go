package sstable

import (
	"errors"
	"fmt"
	"math"
	"os"
	"sort"

	"github.com/quill-etl/quill/adapters/cassandra/cql"
)

// This file is the public face of quill's SSTable writer (the counterpart
// of Cassandra's CQLSSTableWriter): the options, the plain data a caller
// hands over, and the order contract. writer_*.go hold the encoders.

// WriterOptions configure NewWriter. The zero value writes an 'nb'
// (Cassandra 4.x) SSTable, generation 1, LZ4 in 16 KiB chunks, Murmur3.
type WriterOptions struct {
	// Version is the 'big' format version: "md", "me", "nb" or "oa".
	Version string
	// Generation numbers the SSTable's files (nb-<Generation>-big-Data.db).
	Generation int
	// Compression is "none" (CRC.db protects Data.db), "lz4", "snappy",
	// "deflate" or "zstd"; "" means lz4, Cassandra's default.
	Compression string
	// ChunkSize is the uncompressed size of a compressed chunk; 0 means
	// Cassandra's default (64 KiB before 4.0, 16 KiB from 'na').
	ChunkSize int
	// Partitioner orders the partitions (Murmur3 unless set).
	Partitioner Partitioner
	// Stats are the bases of the delta-encoded timestamps, deletion times
	// and TTLs in Data.db. A streaming writer cannot know the minimums
	// before it writes the first row, so nil uses Cassandra's epochs, as
	// CQLSSTableWriter does; give the real minimums to get smaller files
	// (or the bytes a Cassandra flush wrote).
	Stats *EncodingStats
	// IndexBlockSize is Cassandra's column_index_size: a partition larger
	// than this gets a promoted row index in Index.db. 0 means 64 KiB.
	IndexBlockSize int
	// BloomFPChance is the bloom filter's false-positive chance; 0 means 0.01.
	BloomFPChance float64
	// Columns, when not nil, restricts the serialization header to these
	// static and regular columns (a Cassandra flush lists only the columns
	// that have data; CQLSSTableWriter, like nil here, lists all).
	Columns []string
}

// EncodingStats are the minimums the serialization header stores and
// Data.db's deltas are relative to.
type EncodingStats struct {
	MinTimestamp         int64  // microseconds
	MinLocalDeletionTime uint32 // seconds; wraps like Cassandra's delta
	MinTTL               uint32 // seconds
}

// Raw is a value already serialized the way Cassandra stores it (the CQL
// native-protocol encoding). Any other Go value is encoded from the types
// listed on Row (and int, for the integer types).
type Raw []byte

// Deletion is a tombstone: everything written at or before MarkedAt (µs)
// is deleted. LocalDeletionTime (seconds since the epoch) is when it
// happened, which only matters for purging it later.
type Deletion struct {
	MarkedAt          int64
	LocalDeletionTime int64
}

// Liveness is a row's primary-key liveness (the "row marker" an INSERT
// writes). TTL > 0 makes it expire at Expires (seconds since the epoch).
type Liveness struct {
	Timestamp int64
	TTL       int32
	Expires   int64
}

// Cell is one value of a column, or one element of a non-frozen
// collection or UDT (then Path names the element: a list's timeuuid, a
// set's element, a map's key, a UDT's field index as int16).
type Cell struct {
	Column    string
	Path      any
	Value     any // nil: an empty value (tombstones, set elements)
	Timestamp int64
	// TTL > 0 makes the cell expire at LocalDeletionTime (seconds).
	TTL int32
	// Tombstone marks a deleted cell, deleted at LocalDeletionTime.
	Tombstone         bool
	LocalDeletionTime int64
}

// ColumnDeletion deletes a whole non-frozen collection or UDT column (an
// INSERT or full overwrite of such a column writes one at timestamp-1).
type ColumnDeletion struct {
	Column   string
	Deletion Deletion
}

// RowData is a clustering row, or with Static the static row of a
// partition. Cells may come in any order; the writer sorts them.
type RowData struct {
	Static           bool
	Clustering       []any // one value per clustering column; ignored for the static row
	Liveness         *Liveness
	Deletion         *Deletion
	ComplexDeletions []ColumnDeletion
	Cells            []Cell
}

// BoundKind says what a range tombstone marker is (Cassandra's
// ClusteringPrefix.Kind ordinals).
type BoundKind byte

// The bound kinds a marker can have.
const (
	ExclEnd          BoundKind = exclEnd
	InclStart        BoundKind = inclStart
	ExclEndInclStart BoundKind = exclEndInclStart // boundary: closes one deletion, opens the next
	InclEndExclStart BoundKind = inclEndExclStart // boundary
	InclEnd          BoundKind = inclEnd
	ExclStart        BoundKind = exclStart
)

// Marker is a range tombstone bound or boundary. A start bound opens Open,
// an end bound closes Close, a boundary does both. Prefix may be shorter
// than the clustering key (it then covers every row starting with it) or
// empty (from the partition start, or to its end).
type Marker struct {
	Kind   BoundKind
	Prefix []any
	Close  Deletion
	Open   Deletion
}

// Writer writes one SSTable. Its methods must be called in the order the
// data is stored, which is the order contract of the format:
//
//   - partitions in partitioner order (token, then key bytes; Murmur3 by
//     default) — sort keys with TokenOrder before writing; a key out of
//     order is an error, never a silently unreadable file;
//   - within a partition: DeletePartition first, then the static row, then
//     rows and markers in clustering order (DESC columns reversed).
//
// Memory does not grow with partition size or count beyond the index
// summary (one key in 128) and the bloom filter: rows are encoded as they
// come and partition keys' hashes wait in a temporary file until Close.
// A Writer is not safe for concurrent use.
type Writer struct {
	desc   Descriptor
	opts   WriterOptions
	enc    *rowEncoder
	data   *dataOutput
	index  *indexOutput
	filter *filterBuilder
	stats  *statsCollector
	part   *partitionState // nil between partitions
	last   *decoratedKey
	err    error // the first failure sticks: the SSTable is unusable after it
	closed bool
}

// NewWriter creates the files of a new SSTable of table in dir (which must
// exist). Nothing is readable until Close succeeds; Abort removes the
// files.
func NewWriter(dir string, table *cql.Table, opts WriterOptions) (*Writer, error) {
	if err := opts.fill(); err != nil {
		return nil, err
	}
	desc := Descriptor{Dir: dir, Version: opts.Version, Generation: fmt.Sprint(opts.Generation), Format: "big"}
	if desc.exists(compData) {
		return nil, fmt.Errorf("%s already exists", desc.Path(compData))
	}
	enc, err := newRowEncoder(table, desc, opts)
	if err != nil {
		return nil, err
	}
	w := &Writer{desc: desc, opts: opts, enc: enc, stats: newStatsCollector(opts.Version)}
	if w.data, err = newDataOutput(desc, opts); err != nil {
		return nil, err
	}
	if w.index, err = newIndexOutput(desc); err != nil {
		w.Abort()
		return nil, err
	}
	if w.filter, err = newFilterBuilder(desc, opts.Partitioner); err != nil {
		w.Abort()
		return nil, err
	}
	return w, nil
}

func (o *WriterOptions) fill() error {
	if o.Version == "" {
		o.Version = "nb"
	}
	switch o.Version {
	case "md", "me", "nb", "oa":
	default:
		return fmt.Errorf("sstable writer: version %q not supported (md, me, nb, oa)", o.Version)
	}
	if o.Generation <= 0 {
		o.Generation = 1
	}
	if o.Compression == "" {
		o.Compression = "lz4"
	}
	if _, ok := compressorClasses[o.Compression]; !ok && o.Compression != "none" {
		return fmt.Errorf("sstable writer: compression %q not supported (none, lz4, snappy, deflate, zstd)", o.Compression)
	}
	if o.ChunkSize == 0 {
		o.ChunkSize = 16 << 10
		if o.Version < "na" {
			o.ChunkSize = 64 << 10
		}
	}
	if o.ChunkSize < 1 || o.ChunkSize > maxChunkLength {
		return fmt.Errorf("sstable writer: chunk size %d outside 1..%d", o.ChunkSize, maxChunkLength)
	}
	if o.IndexBlockSize <= 0 {
		o.IndexBlockSize = 64 << 10
	}
	if o.BloomFPChance <= 0 || o.BloomFPChance >= 1 {
		o.BloomFPChance = 0.01
	}
	if o.Stats == nil {
		o.Stats = &EncodingStats{MinTimestamp: tsEpoch, MinLocalDeletionTime: dtEpoch}
	}
	return nil
}

// Descriptor returns the SSTable's descriptor (its files' names).
func (w *Writer) Descriptor() Descriptor { return w.desc }

// DeletePartition writes a partition-level deletion for key. It must come
// before anything else of that partition.
func (w *Writer) DeletePartition(key []any, d Deletion) error {
	if err := w.enter(key); err != nil {
		return err
	}
	if w.part.headerDone {
		return w.fail(fmt.Errorf("partition %x: deletion after its rows", w.part.key))
	}
	w.part.deletion = deletionTime{markedAt: d.MarkedAt, ldt: d.LocalDeletionTime}
	return nil
}

// Write writes a row of the partition with the given key (one value per
// partition key column). Rows of one partition must be consecutive calls.
func (w *Writer) Write(key []any, r RowData) error {
	if err := w.enter(key); err != nil {
		return err
	}
	ir, err := w.enc.internalRow(r)
	if err != nil {
		return w.fail(fmt.Errorf("partition %x: %w", w.part.key, err))
	}
	if ir.static {
		if w.part.headerDone {
			return w.fail(fmt.Errorf("partition %x: static row after clustering rows", w.part.key))
		}
		w.part.static = ir
		return nil
	}
	return w.writeUnfiltered(unfiltered{row: ir})
}

// WriteMarker writes a range tombstone bound or boundary of the partition
// with the given key, in clustering order among its rows.
func (w *Writer) WriteMarker(key []any, m Marker) error {
	if err := w.enter(key); err != nil {
		return err
	}
	im, err := w.enc.internalMarker(m)
	if err != nil {
		return w.fail(fmt.Errorf("partition %x: %w", w.part.key, err))
	}
	return w.writeUnfiltered(unfiltered{marker: im})
}

// Close finishes the last partition and writes every other component.
// The SSTable is complete (TOC.txt is written last) only when it returns
// nil.
func (w *Writer) Close() error {
	if w.closed {
		return w.err
	}
	w.closed = true
	if w.err != nil {
		w.abortFiles()
		return w.err
	}
	if err := w.finish(); err != nil {
		w.err = err
		w.abortFiles()
		return err
	}
	return nil
}

// Abort stops writing and removes every file written so far.
func (w *Writer) Abort() {
	if w.err == nil {
		w.err = errors.New("sstable writer aborted")
	}
	w.closed = true
	w.abortFiles()
}

func (w *Writer) abortFiles() {
	if w.data != nil {
		w.data.abort()
	}
	if w.index != nil {
		w.index.abort()
	}
	if w.filter != nil {
		w.filter.abort()
	}
	for _, c := range []string{compStatistics, compSummary, compFilter, compDigest, compTOC} {
		os.Remove(w.desc.Path(c))
	}
}

func (w *Writer) fail(err error) error {
	if w.err == nil {
		w.err = err
	}
	return err
}

// enter makes key the current partition, finishing the previous one; a
// key that does not sort after it is refused.
func (w *Writer) enter(key []any) error {
	if w.err != nil {
		return w.err
	}
	if w.closed {
		return errors.New("sstable writer: write after Close")
	}
	kb, err := w.enc.partitionKey(key)
	if err != nil {
		return w.fail(err)
	}
	if w.part != nil && string(w.part.key) == string(kb) {
		return nil
	}
	if len(kb) > math.MaxUint16 {
		return w.fail(fmt.Errorf("partition key of %d bytes exceeds 65535", len(kb)))
	}
	dk := w.opts.Partitioner.decorate(kb)
	if w.last != nil && dk.compare(*w.last) <= 0 {
		return w.fail(fmt.Errorf("partition %x is not after partition %x in %s order (sort partitions by token first, see TokenOrder)", kb, w.last.key, w.opts.Partitioner))
	}
	if err := w.endPartition(); err != nil {
		return w.fail(err)
	}
	w.last = &dk
	w.part = &partitionState{key: kb, dk: dk, deletion: liveDeletion}
	return nil
}

// TokenOrder reports whether partition key a sorts before b in the
// partitioner's order, the order Writer needs. Keys are given as Write
// takes them; an unencodable key sorts last.
func (w *Writer) TokenOrder(a, b []any) bool {
	ka, errA := w.enc.partitionKey(a)
	kb, errB := w.enc.partitionKey(b)
	if errA != nil || errB != nil {
		return errA == nil
	}
	return w.opts.Partitioner.decorate(ka).compare(w.opts.Partitioner.decorate(kb)) < 0
}

// SortKeys sorts partition keys (as Write takes them) into the order
// Writer needs, encoding each key once.
func (w *Writer) SortKeys(keys [][]any) error {
	dks := make([]decoratedKey, len(keys))
	for i, k := range keys {
		kb, err := w.enc.partitionKey(k)
		if err != nil {
			return err
		}
		dks[i] = w.opts.Partitioner.decorate(kb)
	}
	idx := make([]int, len(keys))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool { return dks[idx[a]].compare(dks[idx[b]]) < 0 })
	sorted := make([][]any, len(keys))
	for i, j := range idx {
		sorted[i] = keys[j]
	}
	copy(keys, sorted)
	return nil
}

// Written returns the uncompressed bytes of Data.db written so far.
func (w *Writer) Written() int64 { return w.data.pos }

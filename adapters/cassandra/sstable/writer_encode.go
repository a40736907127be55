package sstable

import (
	"encoding/binary"
	"fmt"
	"math"
	"sort"

	"github.com/quill-etl/quill/adapters/cassandra/cql"
)

// rowEncoder turns rows into Data.db bytes exactly as Cassandra's
// UnfilteredSerializer does (the inverse of partition.go and row.go): the
// serialization header it is built from is the one Statistics.db stores.
type rowEncoder struct {
	desc       Descriptor
	stats      EncodingStats
	keyTypes   []cql.Type
	clustering []colType
	static     []hdrCol
	regular    []hdrCol
	byName     map[string]colRef
	order      *reconciler // orders rows and markers (uses only clustering)
	keyColumns []cql.Column
}

// hdrCol is a static or regular column of the serialization header.
type hdrCol struct {
	name    string
	typ     cql.Type
	complex bool
	fixed   int // width of fixed-length cell values, or -1
}

type colRef struct {
	static bool
	pos    int // position in the header's static or regular list
}

func newRowEncoder(t *cql.Table, desc Descriptor, opts WriterOptions) (*rowEncoder, error) {
	e := &rowEncoder{desc: desc, stats: *opts.Stats, byName: map[string]colRef{}}
	e.keyColumns = t.KeyColumns(cql.PartitionKey)
	if len(e.keyColumns) == 0 {
		return nil, fmt.Errorf("sstable writer: table %s has no partition key", t.Name)
	}
	for _, c := range e.keyColumns {
		e.keyTypes = append(e.keyTypes, c.Type)
	}
	for _, c := range t.KeyColumns(cql.Clustering) {
		e.clustering = append(e.clustering, colType{Type: c.Type, reversed: c.Desc})
	}
	e.order = &reconciler{clustering: e.clustering}
	keep := map[string]bool{}
	for _, n := range opts.Columns {
		keep[n] = true
	}
	for _, kind := range []cql.ColumnKind{cql.Static, cql.Regular} {
		var cols []hdrCol
		for _, c := range t.KeyColumns(kind) {
			if opts.Columns != nil && !keep[c.Name] {
				continue
			}
			h := hdrCol{name: c.Name, typ: c.Type, complex: c.Type.IsMultiCell(), fixed: fixedLength(c.Type)}
			if h.complex {
				h.fixed = -1 // complex cell values are always length-prefixed
			}
			cols = append(cols, h)
		}
		// Cassandra's Columns order: simple columns before complex ones,
		// then by the bytes of the name.
		sort.SliceStable(cols, func(i, j int) bool {
			if cols[i].complex != cols[j].complex {
				return !cols[i].complex
			}
			return cols[i].name < cols[j].name
		})
		for i, c := range cols {
			e.byName[c.name] = colRef{static: kind == cql.Static, pos: i}
		}
		if kind == cql.Static {
			e.static = cols
		} else {
			e.regular = cols
		}
	}
	return e, nil
}

// partitionKey serializes a partition key: the value itself for one
// column, else CompositeType's u16 length, bytes, end-of-component 0 per
// column.
func (e *rowEncoder) partitionKey(key []any) ([]byte, error) {
	if len(key) != len(e.keyTypes) {
		return nil, fmt.Errorf("partition key of %d values, the table has %d key columns", len(key), len(e.keyTypes))
	}
	var out []byte
	for i, v := range key {
		b, err := encodeValue(e.keyTypes[i], v)
		if err != nil || b == nil {
			if err == nil {
				err = fmt.Errorf("null")
			}
			return nil, fmt.Errorf("partition key column %q: %w", e.keyColumns[i].Name, err)
		}
		if len(key) == 1 {
			return b, nil
		}
		if len(b) > math.MaxUint16 {
			return nil, fmt.Errorf("partition key column %q: %d bytes exceed 65535", e.keyColumns[i].Name, len(b))
		}
		out = binary.BigEndian.AppendUint16(out, uint16(len(b)))
		out = append(append(out, b...), 0)
	}
	return out, nil
}

func (e *rowEncoder) clusteringValues(vals []any, allowPrefix bool) ([][]byte, error) {
	if len(vals) > len(e.clustering) || !allowPrefix && len(vals) != len(e.clustering) {
		return nil, fmt.Errorf("%d clustering values, the table has %d clustering columns", len(vals), len(e.clustering))
	}
	out := make([][]byte, len(vals))
	for i, v := range vals {
		b, err := encodeValue(e.clustering[i].Type, v)
		if err != nil {
			return nil, fmt.Errorf("clustering value %d: %w", i, err)
		}
		if f := fixedLength(e.clustering[i].Type); b != nil && f >= 0 && len(b) != f && len(b) != 0 {
			return nil, fmt.Errorf("clustering value %d: %d bytes, a %s takes %d", i, len(b), e.clustering[i].Type, f)
		}
		out[i] = b
	}
	return out, nil
}

// internalRow converts a RowData into the reader's row form, cells sorted
// in header order (and complex cells by path) with col = header position.
func (e *rowEncoder) internalRow(r RowData) (*row, error) {
	ir := &row{static: r.Static, liveness: noLiveness, deletion: liveDeletion}
	if !r.Static {
		var err error
		if ir.clustering, err = e.clusteringValues(r.Clustering, false); err != nil {
			return nil, err
		}
	}
	if l := r.Liveness; l != nil {
		ir.liveness = liveness{ts: l.Timestamp, ttl: l.TTL, expires: l.Expires}
		if l.TTL < 0 {
			return nil, fmt.Errorf("negative row TTL %d", l.TTL)
		}
	}
	if d := r.Deletion; d != nil {
		ir.deletion = deletionTime{markedAt: d.MarkedAt, ldt: d.LocalDeletionTime}
	}
	cols := e.columns(r.Static)
	for _, cd := range r.ComplexDeletions {
		ref, ok := e.byName[cd.Column]
		if !ok || ref.static != r.Static || !cols[ref.pos].complex {
			return nil, fmt.Errorf("complex deletion of %q: not a non-frozen collection or UDT column of this %s row", cd.Column, rowKind(r.Static))
		}
		ir.complexDel = append(ir.complexDel, colDeletion{col: ref.pos, del: deletionTime{markedAt: cd.Deletion.MarkedAt, ldt: cd.Deletion.LocalDeletionTime}})
	}
	sort.Slice(ir.complexDel, func(i, j int) bool { return ir.complexDel[i].col < ir.complexDel[j].col })
	for i := 1; i < len(ir.complexDel); i++ {
		if ir.complexDel[i].col == ir.complexDel[i-1].col {
			return nil, fmt.Errorf("two complex deletions of column %q", cols[ir.complexDel[i].col].name)
		}
	}
	for _, c := range r.Cells {
		ce, err := e.internalCell(c, r.Static, cols)
		if err != nil {
			return nil, err
		}
		ir.cells = append(ir.cells, ce)
	}
	return ir, e.sortCells(ir, cols)
}

func rowKind(static bool) string {
	if static {
		return "static"
	}
	return "clustering"
}

func (e *rowEncoder) columns(static bool) []hdrCol {
	if static {
		return e.static
	}
	return e.regular
}

func (e *rowEncoder) internalCell(c Cell, static bool, cols []hdrCol) (cell, error) {
	ref, ok := e.byName[c.Column]
	if !ok || ref.static != static {
		return cell{}, fmt.Errorf("column %q is not a %s column of the table", c.Column, map[bool]string{true: "static", false: "regular"}[static])
	}
	h := cols[ref.pos]
	ce := cell{col: ref.pos, ts: c.Timestamp, ttl: c.TTL}
	switch {
	case c.Tombstone:
		ce.flags, ce.ldt, ce.ttl = cellDeleted, c.LocalDeletionTime, 0
	case c.TTL > 0:
		ce.flags, ce.ldt = cellExpiring, c.LocalDeletionTime
	case c.TTL < 0:
		return cell{}, fmt.Errorf("column %q: negative TTL %d", c.Column, c.TTL)
	}
	var err error
	if h.complex {
		if c.Path == nil {
			return cell{}, fmt.Errorf("column %q: a cell of a non-frozen %s needs a Path", c.Column, h.typ.Kind)
		}
		if ce.path, err = encodePath(h.typ, c.Path); err != nil {
			return cell{}, fmt.Errorf("column %q: path: %w", c.Column, err)
		}
		if ce.value, err = encodeValue(complexValueType(h.typ, ce.path), c.Value); err != nil {
			return cell{}, fmt.Errorf("column %q: %w", c.Column, err)
		}
		return ce, nil
	}
	if c.Path != nil {
		return cell{}, fmt.Errorf("column %q: Path set on a cell of a simple column", c.Column)
	}
	if ce.value, err = encodeValue(h.typ, c.Value); err != nil {
		return cell{}, fmt.Errorf("column %q: %w", c.Column, err)
	}
	if h.fixed >= 0 && len(ce.value) != 0 && len(ce.value) != h.fixed {
		return cell{}, fmt.Errorf("column %q: %d bytes, a %s takes %d", c.Column, len(ce.value), h.typ, h.fixed)
	}
	return ce, nil
}

// complexValueType is the type of the value of one element cell.
func complexValueType(t cql.Type, path []byte) cql.Type {
	switch t.Kind {
	case cql.List:
		return elemType(t, 0)
	case cql.Map:
		return elemType(t, 1)
	case cql.UDT:
		if len(path) == 2 {
			return elemType(t, int(binary.BigEndian.Uint16(path)))
		}
	}
	return cql.Type{Kind: cql.Blob} // sets: the value is empty
}

// sortCells puts cells in header order, element cells by path, and refuses
// duplicates (two values for one simple column or one path).
func (e *rowEncoder) sortCells(r *row, cols []hdrCol) error {
	sort.SliceStable(r.cells, func(i, j int) bool {
		a, b := &r.cells[i], &r.cells[j]
		if a.col != b.col {
			return a.col < b.col
		}
		return compareValues(pathType(cols[a.col].typ), a.path, b.path) < 0
	})
	for i := 1; i < len(r.cells); i++ {
		a, b := &r.cells[i-1], &r.cells[i]
		if a.col == b.col && (!cols[a.col].complex || compareValues(pathType(cols[a.col].typ), a.path, b.path) == 0) {
			return fmt.Errorf("two cells for column %q at the same place", cols[a.col].name)
		}
	}
	return nil
}

func (e *rowEncoder) internalMarker(m Marker) (*marker, error) {
	k := byte(m.Kind)
	if k > exclStart || k == staticClustering || k == clusteringKind {
		return nil, fmt.Errorf("range tombstone marker of kind %d (want one of the BoundKind constants)", k)
	}
	prefix, err := e.clusteringValues(m.Prefix, true)
	if err != nil {
		return nil, err
	}
	im := &marker{kind: k, prefix: prefix, closeDel: liveDeletion, openDel: liveDeletion}
	if im.closes() {
		im.closeDel = deletionTime{markedAt: m.Close.MarkedAt, ldt: m.Close.LocalDeletionTime}
	}
	if im.opens() {
		im.openDel = deletionTime{markedAt: m.Open.MarkedAt, ldt: m.Open.LocalDeletionTime}
	}
	return im, nil
}

// Delta encodings relative to the serialization header. Unsigned vints of
// wrapping differences, as Cassandra writes them.

func (e *rowEncoder) putTS(b []byte, ts int64) []byte {
	return putUvint(b, uint64(ts-e.stats.MinTimestamp))
}

func (e *rowEncoder) putLDT(b []byte, ldt int64) []byte {
	return putUvint(b, uint64(uint32(ldt)-e.stats.MinLocalDeletionTime))
}

func (e *rowEncoder) putTTL(b []byte, ttl int32) []byte {
	return putUvint(b, uint64(uint32(ttl)-e.stats.MinTTL))
}

func (e *rowEncoder) putDeltaDeletion(b []byte, d deletionTime) []byte {
	return e.putLDT(e.putTS(b, d.markedAt), d.ldt)
}

// putDeletion appends a DeletionTime in its fixed form (partition headers
// and the promoted index): before 'oa' i32 ldt + i64 markedAt; from 'oa' a
// single 0x80 for live, else i64 markedAt + u32 ldt.
func (e *rowEncoder) putDeletion(b []byte, d deletionTime) []byte {
	if !e.desc.newDeletionTime() {
		b = binary.BigEndian.AppendUint32(b, uint32(d.ldt))
		return binary.BigEndian.AppendUint64(b, uint64(d.markedAt))
	}
	if d.isLive() {
		return append(b, 0x80)
	}
	b = binary.BigEndian.AppendUint64(b, uint64(d.markedAt))
	return binary.BigEndian.AppendUint32(b, uint32(d.ldt))
}

// checkDeletion refuses deletion times the version cannot store.
func (e *rowEncoder) checkDeletion(d deletionTime, what string) error {
	if d.isLive() {
		return nil
	}
	if e.desc.newDeletionTime() && d.markedAt < 0 {
		return fmt.Errorf("%s: a negative deletion timestamp %d cannot be stored in version %s", what, d.markedAt, e.desc.Version)
	}
	if d.ldt < 0 || d.ldt > math.MaxUint32 || !e.desc.unsignedDeletion() && d.ldt > math.MaxInt32 {
		return fmt.Errorf("%s: local deletion time %d out of range for version %s", what, d.ldt, e.desc.Version)
	}
	return nil
}

// putClustering appends values with the 2-bit null/empty header per group
// of 32 columns, then the non-null non-empty values.
func (e *rowEncoder) putClustering(b []byte, vals [][]byte) []byte {
	for start := 0; start < len(vals); start += 32 {
		end := min(start+32, len(vals))
		var header uint64
		for i := start; i < end; i++ {
			switch {
			case vals[i] == nil:
				header |= 2 << (2 * uint(i-start))
			case len(vals[i]) == 0:
				header |= 1 << (2 * uint(i-start))
			}
		}
		b = putUvint(b, header)
		for i := start; i < end; i++ {
			if len(vals[i]) > 0 {
				b = putValue(b, vals[i], fixedLength(e.clustering[i].Type))
			}
		}
	}
	return b
}

func putValue(b, v []byte, fixed int) []byte {
	if fixed < 0 {
		b = putUvint(b, uint64(len(v)))
	}
	return append(b, v...)
}

// putPrefix appends a clustering prefix as the promoted index stores
// IndexInfo bounds: a kind byte, then for bounds a u16 size.
func (e *rowEncoder) putPrefix(b []byte, u unfiltered) []byte {
	if u.row != nil {
		return e.putClustering(append(b, clusteringKind), u.row.clustering)
	}
	b = append(b, u.marker.kind)
	b = binary.BigEndian.AppendUint16(b, uint16(len(u.marker.prefix)))
	return e.putClustering(b, u.marker.prefix)
}

// encodePath serializes the path of an element cell: a UDT field index as
// a big-endian short, else a value of the column's path type.
func encodePath(t cql.Type, v any) ([]byte, error) {
	if t.Kind == cql.UDT {
		var i int
		switch x := v.(type) {
		case Raw:
			return append([]byte{}, x...), nil
		case int:
			i = x
		case int16:
			i = int(x)
		default:
			return nil, fmt.Errorf("a UDT field path is an int16 field index, found %T", v)
		}
		if i < 0 || i >= len(t.Elems) {
			return nil, fmt.Errorf("UDT field index %d, the type has %d fields", i, len(t.Elems))
		}
		return binary.BigEndian.AppendUint16(nil, uint16(i)), nil
	}
	b, err := encodeValue(pathType(t), v)
	if err == nil && b == nil {
		err = fmt.Errorf("null path")
	}
	return b, err
}

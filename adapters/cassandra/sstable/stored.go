package sstable

import (
	"context"
	"encoding/binary"
	"fmt"
	"io"
)

// StoredPartition is the head of one partition of one SSTable as it is
// stored: no merging with other SSTables, no TTL judgement. Values are Raw,
// in the form Writer takes, so that what ReadStored yields can be written
// back unchanged.
type StoredPartition struct {
	Key      []any     // one Raw per partition key column
	Deletion *Deletion // nil when the partition is not deleted
	Static   *RowData  // nil when the SSTable has no static row for it
}

// Unfiltered is one row or range tombstone marker of a partition.
type Unfiltered struct {
	Row    *RowData
	Marker *Marker
}

// ReadStored calls fn for every partition of the i-th SSTable of t (see
// SSTables) in stored order: once with the partition and a nil Unfiltered,
// then once for each of its rows and markers, timestamps, TTLs and
// tombstones included. It is the lower-level view under Rows, for tools
// that copy or inspect SSTables; an error from fn stops the walk.
func (t *Table) ReadStored(ctx context.Context, i int, fn func(p *StoredPartition, u *Unfiltered) error) error {
	if i < 0 || i >= len(t.ssts) {
		return fmt.Errorf("SSTable %d of %d", i, len(t.ssts))
	}
	st := t.ssts[i]
	dataLen := st.dataSize
	if st.comp != nil {
		dataLen = st.comp.dataLength
	}
	pr, err := newPartitionReader(st, i, 0, dataLen, nil, nil)
	if err != nil {
		return err
	}
	for n := 0; ; n++ {
		if n%256 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		part, err := pr.nextPartition()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		sp, err := t.storedPartition(st, part)
		if err != nil {
			return err
		}
		if err := fn(sp, nil); err != nil {
			return err
		}
		for {
			u, err := pr.next()
			if err == io.EOF {
				break
			}
			if err != nil {
				return err
			}
			if err := fn(sp, t.storedUnfiltered(st, u)); err != nil {
				return err
			}
		}
	}
}

func (t *Table) storedPartition(st *sstable, part *partition) (*StoredPartition, error) {
	keys, err := splitKey(part.dk.key, len(st.cols.keyTypes))
	if err != nil {
		return nil, corruptf(st.desc.Path(compData), part.pos, "%v", err)
	}
	sp := &StoredPartition{}
	for _, k := range keys {
		sp.Key = append(sp.Key, Raw(k))
	}
	if !part.deletion.isLive() {
		sp.Deletion = &Deletion{MarkedAt: part.deletion.markedAt, LocalDeletionTime: part.deletion.ldt}
	}
	if part.static != nil {
		sp.Static = t.storedRow(st, part.static)
	}
	return sp, nil
}

// splitKey splits a CompositeType key into its n components.
func splitKey(key []byte, n int) ([][]byte, error) {
	if n <= 1 {
		return [][]byte{key}, nil
	}
	var parts [][]byte
	for b := key; len(b) > 0; {
		if len(b) < 2 || len(b) < 3+int(binary.BigEndian.Uint16(b)) {
			return nil, fmt.Errorf("partition key %x: expected %d composite components, truncated after %d", key, n, len(parts))
		}
		l := int(binary.BigEndian.Uint16(b))
		parts = append(parts, b[2:2+l])
		b = b[3+l:]
	}
	if len(parts) != n {
		return nil, fmt.Errorf("partition key %x: expected %d components, found %d", key, n, len(parts))
	}
	return parts, nil
}

func (t *Table) storedUnfiltered(st *sstable, u unfiltered) *Unfiltered {
	if u.row != nil {
		return &Unfiltered{Row: t.storedRow(st, u.row)}
	}
	m := u.marker
	return &Unfiltered{Marker: &Marker{Kind: BoundKind(m.kind), Prefix: rawValues(m.prefix),
		Close: Deletion{MarkedAt: m.closeDel.markedAt, LocalDeletionTime: m.closeDel.ldt},
		Open:  Deletion{MarkedAt: m.openDel.markedAt, LocalDeletionTime: m.openDel.ldt}}}
}

func rawValues(vals [][]byte) []any {
	out := make([]any, len(vals))
	for i, v := range vals {
		if v != nil {
			out[i] = Raw(v)
		}
	}
	return out
}

func (t *Table) storedRow(st *sstable, r *row) *RowData {
	rd := &RowData{Static: r.static, Clustering: rawValues(r.clustering)}
	if !r.liveness.isEmpty() {
		rd.Liveness = &Liveness{Timestamp: r.liveness.ts, TTL: r.liveness.ttl, Expires: r.liveness.expires}
	}
	if !r.deletion.isLive() {
		rd.Deletion = &Deletion{MarkedAt: r.deletion.markedAt, LocalDeletionTime: r.deletion.ldt}
	}
	for _, cd := range r.complexDel {
		rd.ComplexDeletions = append(rd.ComplexDeletions, ColumnDeletion{Column: st.cols.name(cd.col),
			Deletion: Deletion{MarkedAt: cd.del.markedAt, LocalDeletionTime: cd.del.ldt}})
	}
	for _, c := range r.cells {
		pc := Cell{Column: st.cols.name(c.col), Value: Raw(c.value), Timestamp: c.ts, TTL: c.ttl,
			Tombstone: c.isTombstone(), LocalDeletionTime: c.ldt}
		if c.path != nil {
			pc.Path = Raw(c.path)
		}
		rd.Cells = append(rd.Cells, pc)
	}
	return rd
}

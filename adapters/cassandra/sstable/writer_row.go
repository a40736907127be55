package sstable

import (
	"encoding/binary"
	"fmt"
	"math"
)

// noDeletionLDT is the local deletion time a live DeletionTime carries
// when it is delta-encoded (a complex column without a deletion in a row
// that has some): Integer.MAX_VALUE before 'oa', the unsigned
// "no deletion time" 0xFFFFFFFF from 'oa'.
func (e *rowEncoder) noDeletionLDT() int64 {
	if e.desc.unsignedDeletion() {
		return math.MaxUint32
	}
	return math.MaxInt32
}

// encodeRow appends a clustering or static row: flags, clustering, the
// size of the rest, then the body (UnfilteredSerializer.serialize).
// prevSize is the size of the previous unfiltered of the partition.
func (e *rowEncoder) encodeRow(dst []byte, r *row, prevSize uint64, st *statsCollector) ([]byte, error) {
	cols := e.columns(r.static)
	present := presentColumns(r, len(cols))
	flags, ext := byte(0), byte(0)
	if r.static {
		ext |= extIsStatic
	}
	body := putUvint(nil, prevSize)
	if !r.liveness.isEmpty() {
		flags |= flagHasTimestamp
		body = e.putTS(body, r.liveness.ts)
		if r.liveness.ttl != noTTL {
			flags |= flagHasTTL
			body = e.putTTL(body, r.liveness.ttl)
			body = e.putLDT(body, r.liveness.expires)
		}
		st.liveness(r.liveness)
	}
	if !r.deletion.isLive() {
		if err := e.checkDeletion(r.deletion, "row deletion"); err != nil {
			return nil, err
		}
		flags |= flagHasDeletion
		body = e.putDeltaDeletion(body, r.deletion)
		st.deletion(r.deletion)
	}
	if len(present) == len(cols) {
		flags |= flagAllColumns
	} else {
		body = putSubset(body, present, len(cols))
	}
	hasComplexDel := false
	for _, cd := range r.complexDel {
		if !cd.del.isLive() {
			hasComplexDel = true
		}
	}
	if hasComplexDel {
		flags |= flagComplexDel
	}
	var err error
	if body, err = e.encodeColumns(body, r, cols, present, hasComplexDel, st); err != nil {
		return nil, err
	}
	if ext != 0 {
		dst = append(dst, flags|flagExtended, ext)
	} else {
		dst = append(dst, flags)
	}
	if !r.static {
		dst = e.putClustering(dst, r.clustering)
	}
	dst = putUvint(dst, uint64(len(body)))
	st.row(len(present))
	return append(dst, body...), nil
}

// presentColumns lists the header positions that have cells or a complex
// deletion in the row, in order.
func presentColumns(r *row, n int) []int {
	has := make([]bool, n)
	for _, c := range r.cells {
		has[c.col] = true
	}
	for _, cd := range r.complexDel {
		has[cd.col] = true
	}
	var out []int
	for i, h := range has {
		if h {
			out = append(out, i)
		}
	}
	return out
}

// putSubset writes which header columns a row has (Columns.serializeSubset):
// below 64 columns a bitmap of the missing ones; else the missing count,
// then the indexes of the present or the missing, whichever are fewer.
func putSubset(b []byte, present []int, n int) []byte {
	if n < maxColumnsForBitmap {
		missing := uint64(1)<<uint(n) - 1
		for _, p := range present {
			missing &^= 1 << uint(p)
		}
		return putUvint(b, missing)
	}
	b = putUvint(b, uint64(n-len(present)))
	if len(present) < n/2 {
		for _, p := range present {
			b = putUvint(b, uint64(p))
		}
		return b
	}
	isPresent := make([]bool, n)
	for _, p := range present {
		isPresent[p] = true
	}
	for i, ok := range isPresent {
		if !ok {
			b = putUvint(b, uint64(i))
		}
	}
	return b
}

func (e *rowEncoder) encodeColumns(b []byte, r *row, cols []hdrCol, present []int, hasComplexDel bool, st *statsCollector) ([]byte, error) {
	ci, di := 0, 0
	for _, p := range present {
		h := cols[p]
		if h.complex && hasComplexDel {
			del := deletionTime{markedAt: math.MinInt64, ldt: e.noDeletionLDT()}
			for di < len(r.complexDel) && r.complexDel[di].col < p {
				di++
			}
			if di < len(r.complexDel) && r.complexDel[di].col == p && !r.complexDel[di].del.isLive() {
				del = r.complexDel[di].del
				if err := e.checkDeletion(del, fmt.Sprintf("deletion of column %q", h.name)); err != nil {
					return nil, err
				}
				st.deletion(del)
			}
			b = e.putDeltaDeletion(b, del)
		}
		start := ci
		for ci < len(r.cells) && r.cells[ci].col == p {
			ci++
		}
		if h.complex {
			b = putUvint(b, uint64(ci-start))
		}
		for k := start; k < ci; k++ {
			var err error
			if b, err = e.encodeCell(b, &r.cells[k], h, r.liveness, st); err != nil {
				return nil, err
			}
		}
	}
	return b, nil
}

// encodeCell appends one cell (Cell.Serializer): flags, then the timestamp
// unless the row's applies, the deletion/expiration time and TTL unless the
// row's apply, the path of an element cell, and the value unless empty.
func (e *rowEncoder) encodeCell(b []byte, c *cell, h hdrCol, rowLive liveness, st *statsCollector) ([]byte, error) {
	deleted, expiring := c.isTombstone(), !c.isTombstone() && c.ttl != noTTL
	if deleted || expiring {
		if err := e.checkDeletion(deletionTime{markedAt: max(c.ts, 0), ldt: c.ldt}, fmt.Sprintf("cell of column %q", h.name)); err != nil {
			return nil, err
		}
	}
	useRowTS := !rowLive.isEmpty() && c.ts == rowLive.ts
	useRowTTL := expiring && rowLive.ttl != noTTL && c.ttl == rowLive.ttl && c.ldt == rowLive.expires
	var flags byte
	switch {
	case deleted:
		flags |= cellFlagDeleted
	case expiring:
		flags |= cellFlagExpiring
	}
	if len(c.value) == 0 {
		flags |= cellFlagEmptyValue
	}
	if useRowTS {
		flags |= cellFlagUseRowTS
	}
	if useRowTTL {
		flags |= cellFlagUseRowTTL
	}
	b = append(b, flags)
	if !useRowTS {
		b = e.putTS(b, c.ts)
	}
	if (deleted || expiring) && !useRowTTL {
		b = e.putLDT(b, c.ldt)
	}
	if expiring && !useRowTTL {
		b = e.putTTL(b, c.ttl)
	}
	if h.complex {
		b = putUvint(b, uint64(len(c.path)))
		b = append(b, c.path...)
	}
	if len(c.value) > 0 {
		b = putValue(b, c.value, h.fixed)
	}
	st.cell(c, deleted, expiring)
	return b, nil
}

// encodeMarker appends a range tombstone bound or boundary.
func (e *rowEncoder) encodeMarker(dst []byte, m *marker, prevSize uint64, st *statsCollector) ([]byte, error) {
	if len(m.prefix) > math.MaxUint16 {
		return nil, fmt.Errorf("range tombstone prefix of %d values", len(m.prefix))
	}
	dst = append(dst, flagIsMarker, m.kind)
	dst = binary.BigEndian.AppendUint16(dst, uint16(len(m.prefix)))
	dst = e.putClustering(dst, m.prefix)
	body := putUvint(nil, prevSize)
	var dels []deletionTime
	switch {
	case m.opens() && m.closes():
		dels = []deletionTime{m.closeDel, m.openDel}
	case m.opens():
		dels = []deletionTime{m.openDel}
	default:
		dels = []deletionTime{m.closeDel}
	}
	for _, d := range dels {
		if d.isLive() {
			return nil, fmt.Errorf("range tombstone marker without a deletion time")
		}
		if err := e.checkDeletion(d, "range tombstone"); err != nil {
			return nil, err
		}
		body = e.putDeltaDeletion(body, d)
		st.deletion(d)
	}
	dst = putUvint(dst, uint64(len(body)))
	return append(dst, body...), nil
}

package sstable

import (
	"io"
)

// mergedRow is one live CQL row after merging: the partition key, the
// clustering (nil for a partition that has only static data), and the live
// cells of its regular and static columns, grouped by column.
type mergedRow struct {
	key        []byte
	clustering [][]byte
	cells      []cell
	static     []cell
}

// merger merges the partition streams of several SSTables of one table into
// the rows a read at consistency ALL returns. Partitions are merged in
// (token, key) order and, inside a partition, rows and range tombstone
// markers in clustering order, one row at a time: memory holds one row per
// SSTable, never a whole partition.
type merger struct {
	srcs  []*partitionReader
	heads []*partition // next partition of each source, nil when exhausted
	rec   *reconciler

	inPartition bool
	active      []int          // sources holding the current partition
	items       []unfiltered   // their next row or marker
	done        []bool         // their partition is exhausted
	openDel     []deletionTime // their currently open range tombstone
	partDel     deletionTime
	key         []byte
	static      []cell
	emitted     bool
}

func newMerger(srcs []*partitionReader, rec *reconciler) (*merger, error) {
	m := &merger{srcs: srcs, heads: make([]*partition, len(srcs)), rec: rec}
	for i := range srcs {
		if err := m.advanceHead(i); err != nil {
			return nil, err
		}
	}
	return m, nil
}

func (m *merger) advanceHead(i int) error {
	p, err := m.srcs[i].nextPartition()
	if err == io.EOF {
		m.heads[i] = nil
		return nil
	}
	m.heads[i] = p
	return err
}

// next returns the next live row, io.EOF at the end.
func (m *merger) next() (*mergedRow, error) {
	for {
		if !m.inPartition {
			if ok, err := m.startPartition(); err != nil || !ok {
				if err == nil {
					err = io.EOF
				}
				return nil, err
			}
		}
		r, err := m.step()
		if r != nil || err != nil {
			return r, err
		}
	}
}

// startPartition gathers the sources whose next partition has the smallest
// key and merges their partition deletions and static rows.
func (m *merger) startPartition() (bool, error) {
	m.active = m.active[:0]
	for i, h := range m.heads {
		if h == nil {
			continue
		}
		if len(m.active) > 0 {
			c := h.dk.compare(m.heads[m.active[0]].dk)
			if c > 0 {
				continue
			}
			if c < 0 {
				m.active = m.active[:0]
			}
		}
		m.active = append(m.active, i)
	}
	if len(m.active) == 0 {
		return false, nil
	}
	m.partDel, m.key = liveDeletion, m.heads[m.active[0]].dk.key
	var statics []*row
	for _, i := range m.active {
		m.partDel = maxDeletion(m.partDel, m.heads[i].deletion)
		if s := m.heads[i].static; s != nil {
			statics = append(statics, s)
		}
	}
	m.static = nil
	if len(statics) > 0 {
		m.static = m.rec.mergeRow(statics, m.partDel).cells
	}
	m.items = resize(m.items, len(m.active))
	m.done = resize(m.done, len(m.active))
	m.openDel = resize(m.openDel, len(m.active))
	for k, i := range m.active {
		m.openDel[k], m.done[k] = liveDeletion, false
		if err := m.pull(k, i); err != nil {
			return false, err
		}
	}
	m.inPartition, m.emitted = true, false
	return true, nil
}

func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// pull reads the next item of active source k (source index i).
func (m *merger) pull(k, i int) error {
	u, err := m.srcs[i].next()
	if err == io.EOF {
		m.done[k] = true
		return nil
	}
	m.items[k] = u
	return err
}

// step consumes the smallest pending item(s) of the current partition and
// returns a row when that produced a live one.
func (m *merger) step() (*mergedRow, error) {
	min := -1
	for k := range m.active {
		if !m.done[k] && (min < 0 || m.rec.comparePos(m.items[k], m.items[min]) < 0) {
			min = k
		}
	}
	if min < 0 {
		return m.endPartition()
	}
	var versions []*row
	var same []int
	for k := range m.active {
		if !m.done[k] && (k == min || m.rec.comparePos(m.items[k], m.items[min]) == 0) {
			same = append(same, k)
		}
	}
	for _, k := range same {
		u := m.items[k]
		if u.marker != nil {
			if u.marker.closes() {
				m.openDel[k] = liveDeletion
			}
			if u.marker.opens() {
				m.openDel[k] = u.marker.openDel
			}
		} else {
			versions = append(versions, u.row)
		}
		if err := m.pull(k, m.active[k]); err != nil {
			return nil, err
		}
	}
	if len(versions) == 0 {
		return nil, nil
	}
	del := m.partDel
	for _, d := range m.openDel {
		del = maxDeletion(del, d)
	}
	merged := m.rec.mergeRow(versions, del)
	if !merged.live {
		return nil, nil
	}
	m.emitted = true
	return &mergedRow{key: m.key, clustering: versions[0].clustering, cells: merged.cells, static: m.static}, nil
}

// endPartition advances the sources past the partition. A partition with
// live static data but no live row still returns one row.
func (m *merger) endPartition() (*mergedRow, error) {
	m.inPartition = false
	for _, i := range m.active {
		if err := m.advanceHead(i); err != nil {
			return nil, err
		}
	}
	if !m.emitted && len(m.static) > 0 {
		return &mergedRow{key: m.key, static: m.static}, nil
	}
	return nil, nil
}

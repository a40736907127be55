package sstable

import (
	"bytes"
	"sort"

	"github.com/quill-etl/quill/adapters/cassandra/cql"
)

// reconciler holds what merging needs to know about the table: column
// types, clustering order, and the instant at which TTLs are judged.
type reconciler struct {
	cols       []cql.Column
	clustering []colType
	asOf       int64 // seconds since the epoch
}

func newReconciler(s *tableSchema, asOf int64) *reconciler {
	r := &reconciler{cols: s.table.Columns, asOf: asOf}
	for _, i := range s.clustering {
		c := s.table.Columns[i]
		r.clustering = append(r.clustering, colType{Type: c.Type, reversed: c.Desc})
	}
	return r
}

// comparePos orders rows and markers of one partition. A marker sorts
// before (inclusive start, exclusive end) or after (exclusive start,
// inclusive end) every row its prefix matches.
func (r *reconciler) comparePos(a, b unfiltered) int {
	av, aw := position(a)
	bv, bw := position(b)
	if c := compareClustering(r.clustering, av, bv); c != 0 {
		return c
	}
	switch {
	case len(av) == len(bv):
		return cmpInt(aw, bw)
	case len(av) < len(bv):
		return weightSign(aw)
	}
	return -weightSign(bw)
}

func position(u unfiltered) ([][]byte, int) {
	if u.marker != nil {
		return u.marker.prefix, u.marker.weight()
	}
	return u.row.clustering, 0
}

func weightSign(w int) int {
	if w > 0 {
		return 1
	}
	return -1
}

// merged is the result of merging the versions of one row.
type merged struct {
	cells []cell // live cells, grouped by column, complex cells in path order
	live  bool
}

// mergeRow merges the versions of one row (same clustering) from several
// SSTables under the deletion that covers it (partition deletion and open
// range tombstones): per cell the last write wins, tombstones shadow older
// data, expired cells are dead.
func (r *reconciler) mergeRow(versions []*row, outer deletionTime) merged {
	lv := noLiveness
	rowDel := liveDeletion
	for _, v := range versions {
		if v.liveness.supersedes(lv) {
			lv = v.liveness
		}
	}
	for _, v := range versions {
		// A shadowable deletion (materialized views) is lifted by a newer
		// primary-key liveness.
		if !v.shadowable || lv.ts <= v.deletion.markedAt {
			rowDel = maxDeletion(rowDel, v.deletion)
		}
	}
	del := maxDeletion(outer, rowDel)
	if del.deletes(lv.ts) {
		lv = noLiveness
	}
	cells := r.candidateCells(versions)
	out := merged{live: lv.liveAt(r.asOf)}
	colDel := map[int]deletionTime(nil)
	for _, v := range versions {
		for _, cd := range v.complexDel {
			if colDel == nil {
				colDel = map[int]deletionTime{}
			}
			colDel[cd.col] = maxDeletion(colDel[cd.col], cd.del)
		}
	}
	for i := 0; i < len(cells); {
		j := i + 1
		for j < len(cells) && cells[j].col == cells[i].col && bytes.Equal(cells[j].path, cells[i].path) {
			j++
		}
		w := r.reconcileGroup(cells[i:j])
		i = j
		d := del
		if cd, ok := colDel[w.col]; ok {
			d = maxDeletion(d, cd)
		}
		if d.deletes(w.ts) || !w.liveAt(r.asOf) {
			continue
		}
		out.cells = append(out.cells, w)
		out.live = true
	}
	return out
}

// candidateCells returns every version's cells ordered by column and path,
// so that versions of the same cell are adjacent.
func (r *reconciler) candidateCells(versions []*row) []cell {
	if len(versions) == 1 {
		return versions[0].cells // one SSTable writes each column's cells together, in path order
	}
	var all []cell
	for _, v := range versions {
		all = append(all, v.cells...)
	}
	sort.SliceStable(all, func(i, j int) bool {
		a, b := &all[i], &all[j]
		if a.col != b.col {
			return a.col < b.col
		}
		return compareValues(pathType(r.cols[a.col].Type), a.path, b.path) < 0
	})
	return all
}

// reconcileGroup picks the winner among versions of one cell.
func (r *reconciler) reconcileGroup(g []cell) cell {
	w := g[0]
	counter := r.cols[w.col].Type.Kind == cql.Counter
	for _, c := range g[1:] {
		if counter {
			w = reconcileCounter(w, c)
		} else if cellSupersedes(c, w) {
			w = c
		}
	}
	return w
}

// cellSupersedes mirrors Cells.reconcile: the higher timestamp wins; on a
// tie a tombstone beats an expiring cell, which beats a plain one; then the
// later deletion/expiration time; then the larger value.
func cellSupersedes(a, b cell) bool {
	if a.ts != b.ts {
		return a.ts > b.ts
	}
	if ra, rb := cellRank(a), cellRank(b); ra != rb {
		return ra > rb
	}
	if a.flags != 0 && a.ldt != b.ldt {
		return a.ldt > b.ldt
	}
	return bytes.Compare(a.value, b.value) > 0
}

func cellRank(c cell) int {
	switch {
	case c.isTombstone():
		return 2
	case c.isExpiring():
		return 1
	}
	return 0
}

// reconcileCounter merges two versions of a counter cell: a tombstone always
// wins (counters cannot be revived); live contexts merge shard by shard.
func reconcileCounter(a, b cell) cell {
	switch {
	case a.isTombstone() && b.isTombstone():
		if b.ts > a.ts {
			return b
		}
		return a
	case a.isTombstone():
		return a
	case b.isTombstone():
		return b
	}
	out := a
	out.ts = max(a.ts, b.ts)
	out.value = mergeCounterContexts(a.value, b.value)
	return out
}

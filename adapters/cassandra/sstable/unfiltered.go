package sstable

import "math"

// This file holds the in-memory form of what Data.db stores: deletion
// times, liveness, cells, rows and range tombstone markers ("unfiltereds",
// as Cassandra calls them), before any merging.

// deletionTime is a tombstone: everything written at or before markedAt is
// deleted. ldt (local deletion time, seconds) only matters for compaction.
type deletionTime struct {
	markedAt int64
	ldt      int64
}

var liveDeletion = deletionTime{markedAt: math.MinInt64, ldt: math.MaxInt32}

func (d deletionTime) isLive() bool { return d.markedAt == math.MinInt64 }

// deletes reports whether the tombstone shadows data written at ts.
func (d deletionTime) deletes(ts int64) bool { return !d.isLive() && ts <= d.markedAt }

// supersedes orders tombstones as Cassandra does: the later one wins.
func (d deletionTime) supersedes(o deletionTime) bool {
	return d.markedAt > o.markedAt || d.markedAt == o.markedAt && d.ldt > o.ldt
}

func maxDeletion(a, b deletionTime) deletionTime {
	if b.supersedes(a) {
		return b
	}
	return a
}

// Special TTL values.
const (
	noTTL          = 0
	expiredLiveTTL = math.MaxInt32 // liveness made expired on purpose (materialized views)
)

// liveness is the primary-key liveness of a row (the "row marker"). A row
// without one has ts == math.MinInt64.
type liveness struct {
	ts      int64
	ttl     int32
	expires int64 // local expiration time in seconds, when ttl != 0
}

var noLiveness = liveness{ts: math.MinInt64}

func (l liveness) isEmpty() bool { return l.ts == math.MinInt64 }

// liveAt reports whether the liveness keeps a row alive at asOf (seconds).
func (l liveness) liveAt(asOf int64) bool {
	if l.isEmpty() || l.ttl == expiredLiveTTL {
		return false
	}
	return l.ttl == noTTL || asOf < l.expires
}

// supersedes mirrors LivenessInfo.supersedes: higher timestamp, then an
// expiring liveness over a plain one, then the later expiration.
func (l liveness) supersedes(o liveness) bool {
	if l.ts != o.ts {
		return l.ts > o.ts
	}
	if (l.ttl != noTTL) != (o.ttl != noTTL) {
		return l.ttl != noTTL
	}
	return l.expires > o.expires
}

// Cell flags kept after decoding.
const (
	cellDeleted  = 0x01
	cellExpiring = 0x02
)

// cell is one value of a simple column, or one element of a complex column
// (then path is the list timeuuid, set element, map key or UDT field index).
type cell struct {
	col   int // index into the table's columns
	flags uint8
	ts    int64
	ldt   int64 // deletion time of a tombstone, expiration time of an expiring cell
	ttl   int32
	path  []byte
	value []byte
	src   int   // index of the SSTable it came from, for error messages
	pos   int64 // its position in that SSTable's Data.db stream
}

func (c *cell) isTombstone() bool { return c.flags&cellDeleted != 0 }
func (c *cell) isExpiring() bool  { return c.flags&cellExpiring != 0 }

// liveAt reports whether the cell is a live value at asOf (seconds): an
// expiring cell dies at its expiration time and then acts as a tombstone.
func (c *cell) liveAt(asOf int64) bool {
	if c.isTombstone() {
		return false
	}
	return !c.isExpiring() || asOf < c.ldt
}

// colDeletion is the deletion of a whole complex column (written by every
// INSERT or full overwrite of a non-frozen collection).
type colDeletion struct {
	col int
	del deletionTime
}

// row is one clustering row or the static row of a partition.
type row struct {
	clustering [][]byte // nil for the static row; a nil element is a null value
	static     bool
	liveness   liveness
	deletion   deletionTime
	shadowable bool
	cells      []cell
	complexDel []colDeletion
}

// Range tombstone bound kinds (ClusteringPrefix.Kind ordinals).
const (
	exclEnd          = 0
	inclStart        = 1
	exclEndInclStart = 2
	staticClustering = 3
	clusteringKind   = 4
	inclEndExclStart = 5
	inclEnd          = 6
	exclStart        = 7
)

// marker is a range tombstone bound or boundary. A bound opens or closes a
// deletion; a boundary closes one and opens the next at the same place.
type marker struct {
	kind   byte
	prefix [][]byte
	// closeDel is the deletion that ends here (end bounds, boundaries),
	// openDel the one that starts here (start bounds, boundaries).
	closeDel, openDel deletionTime
}

func (m *marker) opens() bool {
	return m.kind == inclStart || m.kind == exclStart || m.kind == exclEndInclStart || m.kind == inclEndExclStart
}

func (m *marker) closes() bool {
	return m.kind == exclEnd || m.kind == inclEnd || m.kind == exclEndInclStart || m.kind == inclEndExclStart
}

// weight places a marker relative to the rows that share its prefix: -1
// before them (inclusive start, exclusive end), +1 after them.
func (m *marker) weight() int {
	switch m.kind {
	case exclEnd, inclStart, exclEndInclStart:
		return -1
	}
	return 1
}

// unfiltered is a row or a marker.
type unfiltered struct {
	row    *row
	marker *marker
}

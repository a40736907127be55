package sstable

import (
	"encoding/binary"
	"hash/crc32"
	"math"
	"sort"
)

// statsCollector gathers what Statistics.db's STATS component records, as
// Cassandra's MetadataCollector does: timestamp, deletion-time and TTL
// ranges, partition size and cell count histograms, droppable tombstones.
type statsCollector struct {
	minTS, maxTS       int64
	minLDT, maxLDT     int64
	minTTL, maxTTL     int64
	seenTS, seenLDT    bool
	partSizes          *histogram
	cellCounts         *histogram
	dropTimes          map[int64]int64 // local deletion time (rounded up to the minute) → count
	columnsSet, rows   int64
	partitions         int64
	firstKey, lastKey  []byte
	compressionRatio   float64
	partitionDeletions bool
	minPos, maxPos     *unfiltered // smallest and largest clustering written
	keys               *cardinality
	noLDT              int64 // the version's "no deletion time"
}

// newStatsCollector starts the statistics; 'oa' (Cassandra 5.0) widened
// the partition size histogram to 155 buckets for larger partitions.
func newStatsCollector(version string) *statsCollector {
	sizeBuckets, noLDT := 150, int64(math.MaxInt32)
	if version >= "oa" {
		sizeBuckets, noLDT = 155, math.MaxUint32 // and "no deletion time" became unsigned
	}
	return &statsCollector{noLDT: noLDT,
		minTS: math.MaxInt64, maxTS: math.MinInt64,
		minLDT: math.MaxInt64, maxLDT: math.MinInt64,
		minTTL: math.MaxInt64, maxTTL: math.MinInt64,
		partSizes: newHistogram(sizeBuckets), cellCounts: newHistogram(118),
		dropTimes: map[int64]int64{}, keys: newCardinality(),
	}
}

func (s *statsCollector) ts(v int64) {
	s.minTS, s.maxTS, s.seenTS = min(s.minTS, v), max(s.maxTS, v), true
}

// ldt records a local deletion time; noDeletion is Cassandra's
// "no deletion time", which widens the range but is not droppable.
func (s *statsCollector) ldt(v int64, noDeletion bool) {
	s.minLDT, s.maxLDT, s.seenLDT = min(s.minLDT, v), max(s.maxLDT, v), true
	if !noDeletion {
		s.dropTimes[(v+59)/60*60]++
	}
}

func (s *statsCollector) ttl(v int32) {
	s.minTTL, s.maxTTL = min(s.minTTL, int64(v)), max(s.maxTTL, int64(v))
}

func (s *statsCollector) liveness(l liveness) {
	s.ts(l.ts)
	s.ttl(l.ttl)
	if l.ttl != noTTL {
		s.ldt(l.expires, false)
	} else {
		s.ldt(s.noLDT, true)
	}
}

func (s *statsCollector) deletion(d deletionTime) {
	s.ts(d.markedAt)
	s.ldt(d.ldt, false)
}

func (s *statsCollector) cell(c *cell, deleted, expiring bool) {
	s.ts(c.ts)
	s.ttl(c.ttl)
	if deleted || expiring {
		s.ldt(c.ldt, false)
	} else {
		s.ldt(s.noLDT, true)
	}
}

func (s *statsCollector) row(columns int) {
	s.columnsSet += int64(columns)
	s.rows++
}

func (s *statsCollector) partition(key []byte, size, cells int64) {
	if s.partitions == 0 {
		s.firstKey = key
	}
	s.lastKey = key
	s.keys.add(key)
	s.partitions++
	s.partSizes.add(size)
	s.cellCounts.add(cells)
}

// histogram is Cassandra's EstimatedHistogram: bucket offsets 1, 2, 3, …
// growing by 20%, and an overflow bucket.
type histogram struct {
	offsets []int64
	buckets []int64
}

func newHistogram(n int) *histogram {
	offs := make([]int64, n)
	last := int64(1)
	offs[0] = last
	for i := 1; i < n; i++ {
		next := int64(math.Round(float64(last) * 1.2))
		if next == last {
			next++
		}
		offs[i], last = next, next
	}
	return &histogram{offsets: offs, buckets: make([]int64, n+1)}
}

func (h *histogram) add(v int64) {
	h.buckets[sort.Search(len(h.offsets), func(i int) bool { return h.offsets[i] >= v })]++
}

func (h *histogram) appendTo(b []byte) []byte {
	b = binary.BigEndian.AppendUint32(b, uint32(len(h.buckets)))
	for i, n := range h.buckets {
		off := h.offsets[max(i-1, 0)]
		b = binary.BigEndian.AppendUint64(b, uint64(off))
		b = binary.BigEndian.AppendUint64(b, uint64(n))
	}
	return b
}

// statistics encodes Statistics.db: VALIDATION, COMPACTION, STATS and
// HEADER, with the CRC32s 'na' and later versions carry.
func (w *Writer) statistics() ([]byte, error) {
	hdr, err := w.enc.serializationHeader()
	if err != nil {
		return nil, err
	}
	comps := [][]byte{w.validation(), w.compaction(), w.statsComponent(), hdr}
	checksummed := w.desc.checksummedStats()
	out := binary.BigEndian.AppendUint32(nil, uint32(len(comps)))
	if checksummed {
		out = binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(out))
	}
	tocStart := len(out)
	off := len(out) + 8*len(comps)
	if checksummed {
		off += 4
	}
	for typ, c := range comps {
		out = binary.BigEndian.AppendUint32(out, uint32(typ))
		out = binary.BigEndian.AppendUint32(out, uint32(off))
		off += len(c)
		if checksummed {
			off += 4
		}
	}
	if checksummed {
		out = binary.BigEndian.AppendUint32(out, crc32.Update(crc32.ChecksumIEEE(out[:4]), crc32.IEEETable, out[tocStart:]))
	}
	for _, c := range comps {
		out = append(out, c...)
		if checksummed {
			out = binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(c))
		}
	}
	return out, nil
}

func (w *Writer) validation() []byte {
	b := appendShortBytes(nil, []byte("org.apache.cassandra.dht."+w.opts.Partitioner.String()))
	return binary.BigEndian.AppendUint64(b, math.Float64bits(w.opts.BloomFPChance))
}

// statsComponent encodes STATS (StatsMetadata) in the layout of the
// SSTable's version.
func (w *Writer) statsComponent() []byte {
	s, v := w.stats, w.desc.Version
	b := s.partSizes.appendTo(nil)
	b = s.cellCounts.appendTo(b)
	b = appendNoCommitLogPosition(b) // upper bound
	minTS, maxTS := s.minTS, s.maxTS
	if !s.seenTS {
		minTS, maxTS = math.MinInt64, math.MaxInt64
	}
	b = binary.BigEndian.AppendUint64(b, uint64(minTS))
	b = binary.BigEndian.AppendUint64(b, uint64(maxTS))
	minLDT, maxLDT := s.minLDT, s.maxLDT
	if !s.seenLDT {
		minLDT, maxLDT = s.noLDT, s.noLDT
	}
	b = binary.BigEndian.AppendUint32(b, uint32(minLDT))
	b = binary.BigEndian.AppendUint32(b, uint32(maxLDT))
	minTTL, maxTTL := s.minTTL, s.maxTTL
	if minTTL > maxTTL {
		minTTL, maxTTL = 0, 0
	}
	b = binary.BigEndian.AppendUint32(b, uint32(minTTL))
	b = binary.BigEndian.AppendUint32(b, uint32(maxTTL))
	b = binary.BigEndian.AppendUint64(b, math.Float64bits(s.compressionRatio))
	b = s.appendDropTimes(b, w.desc.unsignedDeletion())
	b = binary.BigEndian.AppendUint32(b, 0) // sstable level
	b = binary.BigEndian.AppendUint64(b, 0) // repairedAt: unrepaired
	if v < "oa" {
		b = w.appendLegacyMinMax(b)
	} else {
		b = w.appendCoveredClustering(b)
	}
	b = append(b, 0) // no legacy counter shards
	b = binary.BigEndian.AppendUint64(b, uint64(s.columnsSet))
	b = binary.BigEndian.AppendUint64(b, uint64(s.rows))
	b = appendNoCommitLogPosition(b)        // lower bound (mb+)
	b = binary.BigEndian.AppendUint32(b, 0) // no commit log intervals (mc+)
	if v >= "na" {
		b = append(b, 0, 0) // no pending repair, not transient
	}
	if v == "me" || v >= "nb" {
		b = append(b, 0) // no originating host id
	}
	if v >= "oa" {
		b = append(b, boolByte(s.partitionDeletions))
		b = appendVBytes(b, s.firstKey)
		b = appendVBytes(b, s.lastKey)
		b = binary.BigEndian.AppendUint64(b, javaNaN) // token space coverage unknown
	}
	return b
}

// javaNaN is Double.NaN's bits, as DataOutput.writeDouble writes it.
const javaNaN = 0x7ff8000000000000

func appendNoCommitLogPosition(b []byte) []byte {
	b = binary.BigEndian.AppendUint64(b, math.MaxUint64) // segment -1
	return binary.BigEndian.AppendUint32(b, 0)
}

func boolByte(v bool) byte {
	if v {
		return 1
	}
	return 0
}

func appendVBytes(b, v []byte) []byte { return append(putUvint(b, uint64(len(v))), v...) }

// appendDropTimes encodes the tombstone drop-time histogram (at most 100
// bins; the closest bins are merged beyond that, as StreamingHistogram
// does): doubles and longs before 'oa', longs and ints from 'oa'.
func (s *statsCollector) appendDropTimes(b []byte, newFormat bool) []byte {
	type bin struct {
		point float64
		count int64
	}
	bins := make([]bin, 0, len(s.dropTimes))
	for p, n := range s.dropTimes {
		bins = append(bins, bin{float64(p), n})
	}
	sort.Slice(bins, func(i, j int) bool { return bins[i].point < bins[j].point })
	for len(bins) > 100 {
		j := 0
		for i := 1; i+1 < len(bins); i++ {
			if bins[i+1].point-bins[i].point < bins[j+1].point-bins[j].point {
				j = i
			}
		}
		n := bins[j].count + bins[j+1].count
		p := (bins[j].point*float64(bins[j].count) + bins[j+1].point*float64(bins[j+1].count)) / float64(n)
		bins[j] = bin{p, n}
		bins = append(bins[:j+1], bins[j+2:]...)
	}
	b = binary.BigEndian.AppendUint32(b, 100)
	b = binary.BigEndian.AppendUint32(b, uint32(len(bins)))
	for _, x := range bins {
		if newFormat {
			b = binary.BigEndian.AppendUint64(b, uint64(int64(x.point)))
			b = binary.BigEndian.AppendUint32(b, uint32(x.count))
		} else {
			b = binary.BigEndian.AppendUint64(b, math.Float64bits(x.point))
			b = binary.BigEndian.AppendUint64(b, uint64(x.count))
		}
	}
	return b
}

// appendLegacyMinMax writes the smallest and largest clustering seen, each
// as a count and short-length values (bounds may be prefixes).
func (w *Writer) appendLegacyMinMax(b []byte) []byte {
	for _, u := range []*unfiltered{w.stats.minPos, w.stats.maxPos} {
		vals := positionValues(u)
		b = binary.BigEndian.AppendUint32(b, uint32(len(vals)))
		for _, v := range vals {
			b = appendShortBytes(b, v)
		}
	}
	return b
}

// appendCoveredClustering writes 'oa”s clustering types and the slice
// from the smallest to the largest clustering seen (both inclusive).
func (w *Writer) appendCoveredClustering(b []byte) []byte {
	b = putUvint(b, uint64(len(w.enc.clustering)))
	for _, c := range w.enc.clustering {
		b = appendVBytes(b, []byte(marshalName(c)))
	}
	start, end := positionValues(w.stats.minPos), positionValues(w.stats.maxPos)
	b = append(b, inclStart)
	b = binary.BigEndian.AppendUint16(b, uint16(len(start)))
	b = w.enc.putClustering(b, start)
	b = append(b, inclEnd)
	b = binary.BigEndian.AppendUint16(b, uint16(len(end)))
	return w.enc.putClustering(b, end)
}

func positionValues(u *unfiltered) [][]byte {
	switch {
	case u == nil:
		return nil
	case u.row != nil:
		return u.row.clustering
	}
	return u.marker.prefix
}

// clusteringSeen widens the clustering range of the SSTable.
func (s *statsCollector) clusteringSeen(u unfiltered, order *reconciler) {
	if u.row != nil && len(u.row.clustering) == 0 {
		return
	}
	if s.minPos == nil || order.comparePos(u, *s.minPos) < 0 {
		s.minPos = &u
	}
	if s.maxPos == nil || order.comparePos(u, *s.maxPos) > 0 {
		s.maxPos = &u
	}
}

// serializationHeader encodes HEADER: the delta bases and the column list.
func (e *rowEncoder) serializationHeader() ([]byte, error) {
	st := e.stats
	b := putUvint(nil, uint64(st.MinTimestamp-tsEpoch))
	if e.desc.unsignedDeletion() {
		b = putUvint(b, uint64(int64(st.MinLocalDeletionTime)-dtEpoch))
	} else {
		b = putUvint(b, uint64(int64(int32(st.MinLocalDeletionTime-dtEpoch))))
	}
	b = putUvint(b, uint64(st.MinTTL))
	b = appendVBytes(b, []byte(e.keyTypeName()))
	b = putUvint(b, uint64(len(e.clustering)))
	for _, c := range e.clustering {
		b = appendVBytes(b, []byte(marshalName(c)))
	}
	for _, cols := range [][]hdrCol{e.static, e.regular} {
		b = putUvint(b, uint64(len(cols)))
		for _, c := range cols {
			b = appendVBytes(b, []byte(c.name))
			b = appendVBytes(b, []byte(marshalName(colType{Type: c.typ})))
		}
	}
	return b, nil
}

func (e *rowEncoder) keyTypeName() string {
	if len(e.keyTypes) == 1 {
		return marshalName(colType{Type: e.keyTypes[0]})
	}
	s := marshalPrefix + "CompositeType("
	for i, t := range e.keyTypes {
		if i > 0 {
			s += ","
		}
		s += marshalName(colType{Type: t})
	}
	return s + ")"
}

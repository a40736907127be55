package sstable

import (
	"fmt"
	"os"
	"strings"
)

// partitionState is the partition being written. Its header (key,
// deletion, static row) is written with the first row or marker, so that
// DeletePartition and the static row can still arrive until then.
type partitionState struct {
	key        []byte
	dk         decoratedKey
	deletion   deletionTime
	static     *row
	headerDone bool
	start      int64 // Data.db position of the partition
	headerLen  int64
	prevStart  int64 // start of the previous unfiltered, relative to start
	last       *unfiltered
	written    int
	cells      int64

	// The promoted index: a block every IndexBlockSize bytes of rows.
	blocks     []indexBlock
	blockFirst []byte // serialized first clustering of the open block, nil when none is open
	blockStart int64
	blockLast  unfiltered
	openMarker *deletionTime // the range tombstone open after the last unfiltered
}

// indexBlock is one IndexInfo of the promoted index.
type indexBlock struct {
	first, last []byte // serialized clustering prefixes
	offset      int64  // from the partition start
	width       int64
	endOpen     *deletionTime
}

func (w *Writer) writeHeader(p *partitionState) error {
	if err := w.enc.checkDeletion(p.deletion, "partition deletion"); err != nil {
		return err
	}
	p.start = w.data.pos
	buf := appendShortBytes(nil, p.key)
	buf = w.enc.putDeletion(buf, p.deletion)
	if !p.deletion.isLive() {
		w.stats.deletion(p.deletion)
		w.stats.partitionDeletions = true
	}
	if len(w.enc.static) > 0 {
		// Cassandra writes a static row whenever the header has static
		// columns, an empty one if the partition has no static data.
		st := p.static
		if st == nil {
			st = &row{static: true, liveness: noLiveness, deletion: liveDeletion}
		}
		var err error
		if buf, err = w.enc.encodeRow(buf, st, 0, w.stats); err != nil {
			return err
		}
	} else if p.static != nil && (len(p.static.cells) > 0 || !p.static.liveness.isEmpty()) {
		return fmt.Errorf("static row given, but the table has no static columns")
	}
	p.headerLen = int64(len(buf))
	p.headerDone = true
	return w.data.write(buf)
}

func (w *Writer) writeUnfiltered(u unfiltered) error {
	p := w.part
	if p.last != nil && w.enc.order.comparePos(*p.last, u) >= 0 {
		return w.fail(fmt.Errorf("partition %x: row or marker at %s is not after the previous one in clustering order", p.key, describePos(u)))
	}
	if !p.headerDone {
		if err := w.writeHeader(p); err != nil {
			return w.fail(err)
		}
	}
	pos := w.data.pos - p.start
	if p.blockFirst == nil {
		p.blockFirst = w.enc.putPrefix(nil, u)
		p.blockStart = pos
	}
	var buf []byte
	var err error
	if u.row != nil {
		buf, err = w.enc.encodeRow(w.data.scratch[:0], u.row, uint64(pos-p.prevStart), w.stats)
	} else {
		buf, err = w.enc.encodeMarker(w.data.scratch[:0], u.marker, uint64(pos-p.prevStart), w.stats)
	}
	if err != nil {
		return w.fail(fmt.Errorf("partition %x: %w", p.key, err))
	}
	w.data.scratch = buf
	if err := w.data.write(buf); err != nil {
		return w.fail(err)
	}
	if u.row != nil {
		p.cells += int64(len(u.row.cells))
	}
	p.last, p.blockLast, p.prevStart = &u, u, pos
	w.stats.clusteringSeen(u, w.enc.order)
	p.written++
	if m := u.marker; m != nil {
		p.openMarker = nil
		if m.opens() {
			d := m.openDel
			p.openMarker = &d
		}
	}
	if w.data.pos-p.start-p.blockStart >= int64(w.opts.IndexBlockSize) {
		w.addIndexBlock(p)
	}
	return nil
}

func describePos(u unfiltered) string {
	vals := u.marker.prefixOrNil()
	if u.row != nil {
		vals = u.row.clustering
	}
	parts := make([]string, len(vals))
	for i, v := range vals {
		parts[i] = fmt.Sprintf("%x", v)
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

func (m *marker) prefixOrNil() [][]byte {
	if m == nil {
		return nil
	}
	return m.prefix
}

func (w *Writer) addIndexBlock(p *partitionState) {
	b := indexBlock{first: p.blockFirst, last: w.enc.putPrefix(nil, p.blockLast), offset: p.blockStart,
		width: w.data.pos - p.start - p.blockStart, endOpen: p.openMarker}
	p.blocks = append(p.blocks, b)
	p.blockFirst = nil
}

// endPartition writes the end-of-partition byte, the Index.db entry and
// records the key for the summary, the bloom filter and the statistics.
func (w *Writer) endPartition() error {
	p := w.part
	if p == nil {
		return nil
	}
	w.part = nil
	if !p.headerDone {
		if err := w.writeHeader(p); err != nil {
			return err
		}
	}
	if err := w.data.write([]byte{flagEndOfPartition}); err != nil {
		return err
	}
	// As ColumnIndex.finish does, the last block is closed after the end
	// byte, so its width includes it.
	if p.written > 0 && p.blockFirst != nil {
		w.addIndexBlock(p)
	}
	var promoted []byte
	if len(p.blocks) > 1 {
		promoted = w.enc.promotedIndex(p)
	}
	if err := w.index.add(p.key, p.start, promoted); err != nil {
		return err
	}
	if err := w.filter.add(p.key); err != nil {
		return err
	}
	w.stats.partition(p.key, w.data.pos-p.start, p.cells)
	return nil
}

// finish ends the last partition and writes the remaining components; TOC.txt
// comes last so that a reader never sees a half-written SSTable as complete.
func (w *Writer) finish() error {
	if err := w.endPartition(); err != nil {
		return err
	}
	dataLen := w.data.pos
	if err := w.data.close(); err != nil {
		return err
	}
	if err := w.index.close(); err != nil {
		return err
	}
	if err := w.filter.close(w.opts.BloomFPChance, w.desc.Version < "na"); err != nil {
		return err
	}
	if err := writeFile(w.desc.Path(compSummary), w.index.summary(w.stats.firstKey, w.stats.lastKey)); err != nil {
		return err
	}
	w.stats.compressionRatio = w.data.ratio(dataLen)
	stats, err := w.statistics()
	if err != nil {
		return err
	}
	if err := writeFile(w.desc.Path(compStatistics), stats); err != nil {
		return err
	}
	if err := writeFile(w.desc.Path(compDigest), []byte(fmt.Sprint(w.data.digest32()))); err != nil {
		return err
	}
	return writeFile(w.desc.Path(compTOC), []byte(w.toc()))
}

// toc lists the components, in the order Cassandra's TOC.txt has them.
func (w *Writer) toc() string {
	comps := []string{compData, compStatistics, compSummary, compIndex, compFilter, compDigest, compTOC}
	if w.data.compressed() {
		comps = append(comps, compCompression)
	} else {
		comps = append(comps, compCRC)
	}
	return strings.Join(comps, "\n") + "\n"
}

func writeFile(path string, b []byte) error {
	return os.WriteFile(path, b, 0o644)
}

// appendShortBytes appends a u16 length and the bytes (writeWithShortLength).
func appendShortBytes(b, v []byte) []byte {
	b = append(b, byte(len(v)>>8), byte(len(v)))
	return append(b, v...)
}

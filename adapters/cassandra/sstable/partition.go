package sstable

import (
	"encoding/binary"
	"io"
	"math"
)

// Unfiltered flags (UnfilteredSerializer).
const (
	flagEndOfPartition = 0x01
	flagIsMarker       = 0x02
	flagHasTimestamp   = 0x04
	flagHasTTL         = 0x08
	flagHasDeletion    = 0x10
	flagAllColumns     = 0x20
	flagComplexDel     = 0x40
	flagExtended       = 0x80
	extIsStatic        = 0x01
	extShadowable      = 0x02
)

// partition is the head of one partition of one SSTable.
type partition struct {
	dk       decoratedKey
	deletion deletionTime
	static   *row // nil when the SSTable has no static row for it
	pos      int64
}

// partitionReader decodes the partitions of one SSTable between two
// positions of Data.db, one row or marker at a time, so that memory does not
// grow with partition size.
type partitionReader struct {
	t      *sstable
	src    int // index of t in the table, recorded in cells
	r      *dataReader
	end    int64         // stop before this position (a partition start)
	lo, hi *decoratedKey // keep partitions with lo ≤ key < hi (nil: unbounded)

	inPartition bool
	pending     int // flags read ahead by the partition header, or -1
	pendingExt  int
}

func newPartitionReader(t *sstable, src int, start, end int64, lo, hi *decoratedKey) (*partitionReader, error) {
	r, err := t.newDataReader()
	if err != nil {
		return nil, err
	}
	end = min(end, r.length)
	if err := r.seek(start); err != nil {
		return nil, err
	}
	return &partitionReader{t: t, src: src, r: r, end: end, lo: lo, hi: hi, pending: -1}, nil
}

// nextPartition moves to the next partition in range and returns its head;
// io.EOF when there is none. Rows not read from the previous partition are
// skipped.
func (p *partitionReader) nextPartition() (*partition, error) {
	for {
		for p.inPartition {
			if _, err := p.next(); err == io.EOF {
				break
			} else if err != nil {
				return nil, err
			}
		}
		if p.r.pos() >= p.end {
			return nil, io.EOF
		}
		part, err := p.readPartitionHead()
		if err != nil {
			return nil, err
		}
		if p.lo != nil && part.dk.compare(*p.lo) < 0 {
			continue
		}
		if p.hi != nil && part.dk.compare(*p.hi) >= 0 {
			p.end = part.pos // sorted: nothing further is in range
			p.inPartition = false
			return nil, io.EOF
		}
		return part, nil
	}
}

func (p *partitionReader) readPartitionHead() (*partition, error) {
	part := &partition{pos: p.r.pos()}
	kb, err := p.r.read(2, "partition key length")
	if err != nil {
		return nil, err
	}
	key, err := p.r.read(int(binary.BigEndian.Uint16(kb)), "partition key")
	if err != nil {
		return nil, err
	}
	part.dk = p.t.part.decorate(append([]byte(nil), key...))
	if part.deletion, err = p.readPartitionDeletion(); err != nil {
		return nil, err
	}
	p.inPartition = true
	flags, err := p.r.readByte("row flags")
	if err != nil {
		return nil, err
	}
	ext := 0
	if flags&flagExtended != 0 && flags&flagEndOfPartition == 0 {
		e, err := p.r.readByte("extended row flags")
		if err != nil {
			return nil, err
		}
		ext = int(e)
	}
	if ext&extIsStatic != 0 {
		part.static, err = p.readRow(int(flags), ext)
		return part, err
	}
	p.pending, p.pendingExt = int(flags), ext
	return part, nil
}

// readPartitionDeletion reads the partition-level DeletionTime: before 'oa'
// an int32 local deletion time then an int64 timestamp; from 'oa' a single
// 0x80 byte for "live", else an int64 timestamp (top bit clear) and an
// unsigned int32 local deletion time.
func (p *partitionReader) readPartitionDeletion() (deletionTime, error) {
	at := p.r.pos()
	if !p.t.desc.newDeletionTime() {
		b, err := p.r.read(12, "partition deletion time")
		if err != nil {
			return deletionTime{}, err
		}
		return deletionTime{markedAt: int64(binary.BigEndian.Uint64(b[4:])), ldt: int64(int32(binary.BigEndian.Uint32(b)))}, nil
	}
	first, err := p.r.readByte("partition deletion time")
	if err != nil {
		return deletionTime{}, err
	}
	if first == 0x80 {
		return liveDeletion, nil
	}
	if first&0x80 != 0 {
		return deletionTime{}, corruptf(p.r.file, at, "expected a partition deletion time (0x80, or a timestamp with the top bit clear), found flag byte %#x", first)
	}
	rest, err := p.r.read(11, "partition deletion time")
	if err != nil {
		return deletionTime{}, err
	}
	ts := uint64(first)<<56 | uint64(rest[0])<<48 | uint64(rest[1])<<40 | uint64(rest[2])<<32 | uint64(binary.BigEndian.Uint32(rest[3:]))
	return deletionTime{markedAt: int64(ts), ldt: int64(binary.BigEndian.Uint32(rest[7:]))}, nil
}

// next returns the next row or marker of the current partition, io.EOF at
// its end.
func (p *partitionReader) next() (unfiltered, error) {
	if !p.inPartition {
		return unfiltered{}, io.EOF
	}
	flags, ext := p.pending, p.pendingExt
	p.pending = -1
	if flags < 0 {
		f, err := p.r.readByte("row flags")
		if err != nil {
			return unfiltered{}, err
		}
		flags, ext = int(f), 0
		if flags&flagExtended != 0 && flags&flagEndOfPartition == 0 {
			e, err := p.r.readByte("extended row flags")
			if err != nil {
				return unfiltered{}, err
			}
			ext = int(e)
		}
	}
	if flags&flagEndOfPartition != 0 {
		if flags != flagEndOfPartition {
			return unfiltered{}, corruptf(p.r.file, p.r.pos()-1, "expected end-of-partition flags 0x01, found %#x", flags)
		}
		p.inPartition = false
		return unfiltered{}, io.EOF
	}
	if ext&extIsStatic != 0 {
		return unfiltered{}, corruptf(p.r.file, p.r.pos()-2, "expected a clustering row or marker, found a second static row")
	}
	if flags&flagIsMarker != 0 {
		m, err := p.readMarker()
		return unfiltered{marker: m}, err
	}
	r, err := p.readRow(flags, ext)
	return unfiltered{row: r}, err
}

// readClustering reads n clustering values: per group of 32 columns a vint
// header with 2 bits per column (null, empty), then the present values.
func (p *partitionReader) readClustering(n int) ([][]byte, error) {
	types := p.t.cols.clustering
	if n > len(types) {
		return nil, corruptf(p.r.file, p.r.pos(), "expected at most %d clustering values, found %d", len(types), n)
	}
	vals := make([][]byte, n)
	var header uint64
	for i := 0; i < n; i++ {
		if i%32 == 0 {
			h, err := p.r.uvint("clustering header")
			if err != nil {
				return nil, err
			}
			header = h
		}
		shift := uint(i%32) * 2
		switch {
		case header&(2<<shift) != 0: // null
			continue
		case header&(1<<shift) != 0: // empty
			vals[i] = []byte{}
			continue
		}
		v, err := p.readValue(fixedLength(types[i].Type), "clustering value")
		if err != nil {
			return nil, err
		}
		vals[i] = append([]byte(nil), v...)
	}
	return vals, nil
}

// readValue reads a fixed-width value, or a vint-length-prefixed one.
func (p *partitionReader) readValue(fixed int, what string) ([]byte, error) {
	if fixed >= 0 {
		return p.r.read(fixed, what)
	}
	n, err := p.r.uvint(what + " length")
	if err != nil {
		return nil, err
	}
	if n > math.MaxInt32 {
		return nil, corruptf(p.r.file, p.r.pos(), "expected a %s length below 2 GiB, found %d", what, n)
	}
	return p.r.read(int(n), what)
}

// readMarker reads a range tombstone bound or boundary.
func (p *partitionReader) readMarker() (*marker, error) {
	at := p.r.pos()
	kb, err := p.r.read(3, "range tombstone kind and size")
	if err != nil {
		return nil, err
	}
	m := &marker{kind: kb[0]}
	if m.kind > exclStart || m.kind == staticClustering || m.kind == clusteringKind {
		return nil, corruptf(p.r.file, at, "expected a range tombstone bound kind (0-2, 5-7), found %d", m.kind)
	}
	if m.prefix, err = p.readClustering(int(binary.BigEndian.Uint16(kb[1:]))); err != nil {
		return nil, err
	}
	body, base, err := p.readBody("range tombstone marker")
	if err != nil {
		return nil, err
	}
	d := newDecoder(p.r.file, base, body)
	d.uvint("previous unfiltered size")
	first := p.readDeltaDeletion(d)
	switch {
	case m.kind == exclEndInclStart || m.kind == inclEndExclStart:
		m.closeDel, m.openDel = first, p.readDeltaDeletion(d)
	case m.opens():
		m.openDel = first
	default:
		m.closeDel = first
	}
	return m, p.finishBody(d, "range tombstone marker")
}

// readBody reads the size-prefixed rest of a row or marker into memory of
// its own (cells keep slices of it).
func (p *partitionReader) readBody(what string) ([]byte, int64, error) {
	n, err := p.r.uvint(what + " size")
	if err != nil {
		return nil, 0, err
	}
	base := p.r.pos()
	if n > uint64(p.r.length-base) {
		return nil, 0, corruptf(p.r.file, base, "expected a %s of %d bytes, the data ends in %d bytes (truncated?)", what, n, p.r.length-base)
	}
	b, err := p.r.read(int(n), what)
	if err != nil {
		return nil, 0, err
	}
	return append([]byte(nil), b...), base, nil
}

// finishBody checks that a body was decoded to its last byte.
func (p *partitionReader) finishBody(d *decoder, what string) error {
	if d.err != nil {
		return d.err
	}
	if d.remaining() != 0 {
		return corruptf(d.file, d.pos(), "expected the end of the %s, %d bytes left undecoded", what, d.remaining())
	}
	return nil
}

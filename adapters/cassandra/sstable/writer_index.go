package sstable

import (
	"bufio"
	"encoding/binary"
	"os"
)

// Index summary sampling, Cassandra's defaults (min_index_interval 128,
// full sampling level).
const (
	summaryInterval = 128
	samplingLevel   = 128
)

// indexOutput writes Index.db (one entry per partition, with the promoted
// row index of wide partitions) and keeps every 128th key for Summary.db.
type indexOutput struct {
	path    string
	f       *os.File
	bw      *bufio.Writer
	pos     int64
	count   int64
	samples []summaryEntry
	buf     []byte
}

type summaryEntry struct {
	key []byte
	pos int64 // of the entry in Index.db
}

func newIndexOutput(desc Descriptor) (*indexOutput, error) {
	path := desc.Path(compIndex)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return nil, err
	}
	return &indexOutput{path: path, f: f, bw: bufio.NewWriterSize(f, 256<<10)}, nil
}

// add writes one entry: key, Data.db position, promoted index size and
// bytes (RowIndexEntry).
func (x *indexOutput) add(key []byte, dataPos int64, promoted []byte) error {
	if x.count%summaryInterval == 0 {
		x.samples = append(x.samples, summaryEntry{key: key, pos: x.pos})
	}
	x.count++
	b := appendShortBytes(x.buf[:0], key)
	b = putUvint(b, uint64(dataPos))
	b = putUvint(b, uint64(len(promoted)))
	b = append(b, promoted...)
	x.buf = b
	x.pos += int64(len(b))
	_, err := x.bw.Write(b)
	return err
}

func (x *indexOutput) close() error {
	if err := x.bw.Flush(); err != nil {
		return err
	}
	err := x.f.Close()
	x.f = nil
	return err
}

func (x *indexOutput) abort() {
	if x.f != nil {
		x.f.Close()
		x.f = nil
	}
	os.Remove(x.path)
}

// summary encodes Summary.db: a big-endian header, little-endian offsets
// and entries (Cassandra dumps them from memory), then the first and last
// keys with big-endian lengths.
func (x *indexOutput) summary(first, last []byte) []byte {
	n := len(x.samples)
	entries := 0
	for _, s := range x.samples {
		entries += len(s.key) + 8
	}
	b := binary.BigEndian.AppendUint32(nil, summaryInterval)
	b = binary.BigEndian.AppendUint32(b, uint32(n))
	b = binary.BigEndian.AppendUint64(b, uint64(4*n+entries))
	b = binary.BigEndian.AppendUint32(b, samplingLevel)
	b = binary.BigEndian.AppendUint32(b, uint32(n))
	off := 4 * n
	for _, s := range x.samples {
		b = binary.LittleEndian.AppendUint32(b, uint32(off))
		off += len(s.key) + 8
	}
	for _, s := range x.samples {
		b = append(b, s.key...)
		b = binary.LittleEndian.AppendUint64(b, uint64(s.pos))
	}
	b = binary.BigEndian.AppendUint32(b, uint32(len(first)))
	b = append(b, first...)
	b = binary.BigEndian.AppendUint32(b, uint32(len(last)))
	return append(b, last...)
}

// promotedIndex encodes the row index of a partition with more than one
// block: header length, partition deletion, block count, the IndexInfos,
// then the offset of each IndexInfo.
func (e *rowEncoder) promotedIndex(p *partitionState) []byte {
	b := putUvint(nil, uint64(p.headerLen))
	b = e.putDeletion(b, p.deletion)
	b = putUvint(b, uint64(len(p.blocks)))
	infoStart := len(b)
	offsets := make([]uint32, len(p.blocks))
	for i, blk := range p.blocks {
		offsets[i] = uint32(len(b) - infoStart)
		b = append(b, blk.first...)
		b = append(b, blk.last...)
		b = putUvint(b, uint64(blk.offset))
		b = putVint(b, blk.width-indexWidthBase)
		if blk.endOpen != nil {
			b = e.putDeletion(append(b, 1), *blk.endOpen)
		} else {
			b = append(b, 0)
		}
	}
	for _, o := range offsets {
		b = binary.BigEndian.AppendUint32(b, o)
	}
	return b
}

// indexWidthBase is IndexInfo's width bias (64 KiB).
const indexWidthBase = 64 << 10

// putVint appends a signed (zig-zag) vint.
func putVint(b []byte, v int64) []byte {
	return putUvint(b, uint64(v<<1)^uint64(v>>63))
}

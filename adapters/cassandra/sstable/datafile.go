package sstable

import (
	"encoding/binary"
	"hash/crc32"
	"io"
)

// dataReader reads the uncompressed byte stream of one Data.db from any
// position, one chunk in memory at a time. Every chunk (compressed) or block
// (uncompressed, when CRC.db is there) is checked against its CRC32 before
// any byte of it is used.
type dataReader struct {
	file   string
	f      io.ReaderAt
	size   int64 // size of the file on disk
	length int64 // length of the uncompressed stream
	comp   *compressionInfo
	codec  decompressor
	crcs   []uint32 // uncompressed: CRC32 per block, nil when no CRC.db
	block  int      // chunk or block length

	chunk      []byte // the current chunk, uncompressed
	chunkIdx   int
	chunkStart int64 // stream position of chunk[0]
	off        int   // read position in chunk
	raw        []byte
	spill      []byte // for reads that cross chunks

	// Counters for Stats.
	bytesRead, compressedRead int64
}

func newDataReader(file string, f io.ReaderAt, size int64, comp *compressionInfo, crcs []uint32, crcBlock int) (*dataReader, error) {
	r := &dataReader{file: file, f: f, size: size, comp: comp, crcs: crcs, chunkIdx: -1}
	if comp != nil {
		codec, err := newDecompressor(comp.codec)
		if err != nil {
			return nil, corruptf(file, 0, "%v", err)
		}
		r.codec, r.length, r.block = codec, comp.dataLength, comp.chunkLength
		if n := len(comp.offsets); n > 0 && comp.offsets[n-1]+4 > size {
			return nil, corruptf(file, size, "expected chunk %d at offset %d and its CRC32, file ends at %d (truncated?)", n-1, comp.offsets[n-1], size)
		}
		return r, nil
	}
	r.length, r.block = size, crcBlock
	if r.block <= 0 {
		r.block = 64 << 10
	}
	if crcs != nil {
		// CRC.db may end with the CRC of an empty block, so it can hold one
		// more entry than the blocks of Data.db, never fewer.
		need := int((size + int64(r.block) - 1) / int64(r.block))
		if len(crcs) < need || len(crcs) > need+1 {
			return nil, corruptf(file, size, "expected a Data.db of %d blocks of %d bytes as CRC.db lists, found %d bytes (truncated?)", len(crcs), r.block, size)
		}
	}
	return r, nil
}

// pos returns the current position in the uncompressed stream.
func (r *dataReader) pos() int64 { return r.chunkStart + int64(r.off) }

// seek moves to a stream position; the chunk is loaded on the next read.
func (r *dataReader) seek(p int64) error {
	if p < 0 || p > r.length {
		return corruptf(r.file, p, "expected a position within the %d bytes of data", r.length)
	}
	idx := int(p / int64(r.block))
	if idx != r.chunkIdx {
		r.chunk, r.chunkIdx = r.chunk[:0], idx
	}
	r.chunkStart, r.off = int64(idx)*int64(r.block), int(p-int64(idx)*int64(r.block))
	return nil
}

// load makes sure the current chunk is in memory and has unread bytes.
func (r *dataReader) load() error {
	if r.off < len(r.chunk) {
		return nil
	}
	if len(r.chunk) > 0 && r.off >= len(r.chunk) { // move to the next chunk
		r.chunkStart += int64(len(r.chunk))
		r.off -= len(r.chunk)
		r.chunkIdx++
		r.chunk = r.chunk[:0]
	}
	if r.chunkStart >= r.length {
		return corruptf(r.file, r.chunkStart, "expected more data, the stream ends at %d (truncated partition)", r.length)
	}
	var err error
	if r.comp != nil {
		err = r.loadCompressed(r.chunkIdx)
	} else {
		err = r.loadPlain(r.chunkIdx)
	}
	if err == nil && r.off >= len(r.chunk) {
		err = corruptf(r.file, r.pos(), "expected data in chunk %d", r.chunkIdx)
	}
	return err
}

func (r *dataReader) loadCompressed(i int) error {
	start := r.comp.offsets[i]
	end := r.size
	if i+1 < len(r.comp.offsets) {
		end = r.comp.offsets[i+1]
	}
	if end-start < 4 || end > r.size {
		return corruptf(r.file, start, "expected chunk %d of at least 4 bytes ending by %d, file ends at %d", i, end, r.size)
	}
	n := int(end - start)
	if cap(r.raw) < n {
		r.raw = make([]byte, n)
	}
	raw := r.raw[:n]
	if _, err := r.f.ReadAt(raw, start); err != nil {
		return corruptf(r.file, start, "expected chunk %d of %d bytes: %v", i, n, err)
	}
	r.compressedRead += int64(n)
	body, stored := raw[:n-4], binary.BigEndian.Uint32(raw[n-4:])
	if got := crc32.ChecksumIEEE(body); got != stored {
		return corruptf(r.file, start, "chunk %d (%d bytes): expected CRC32 %08x as stored at offset %d, computed %08x", i, len(body), stored, end-4, got)
	}
	want := min(int64(r.block), r.length-int64(i)*int64(r.block))
	if cap(r.chunk) < r.block {
		r.chunk = make([]byte, 0, r.block)
	}
	dst := r.chunk[:want]
	var err error
	if r.comp.maxCompressed > 0 && len(body) >= r.comp.maxCompressed {
		// From 'na' a chunk that would not shrink is stored as is.
		if len(body) != int(want) {
			return corruptf(r.file, start, "chunk %d stored uncompressed: expected %d bytes, found %d", i, want, len(body))
		}
		copy(dst, body)
	} else if dst, err = r.codec.decompress(dst, body); err != nil {
		return corruptf(r.file, start, "chunk %d: expected %d bytes of %s data: %v", i, want, r.comp.codec, err)
	}
	r.chunk = dst
	r.bytesRead += int64(len(dst))
	return nil
}

func (r *dataReader) loadPlain(i int) error {
	start := int64(i) * int64(r.block)
	n := int(min(int64(r.block), r.length-start))
	if cap(r.chunk) < r.block {
		r.chunk = make([]byte, 0, r.block)
	}
	dst := r.chunk[:n]
	if _, err := r.f.ReadAt(dst, start); err != nil {
		return corruptf(r.file, start, "expected block %d of %d bytes: %v", i, n, err)
	}
	if r.crcs != nil {
		if got := crc32.ChecksumIEEE(dst); got != r.crcs[i] {
			return corruptf(r.file, start, "block %d (%d bytes): expected CRC32 %08x as CRC.db stores, computed %08x", i, n, r.crcs[i], got)
		}
	}
	r.chunk = dst
	r.bytesRead += int64(n)
	r.compressedRead += int64(n)
	return nil
}

// readByte returns the next byte of the stream.
func (r *dataReader) readByte(what string) (byte, error) {
	if err := r.load(); err != nil {
		return 0, r.expected(err, what)
	}
	c := r.chunk[r.off]
	r.off++
	return c, nil
}

// read returns the next n bytes. The slice is valid until the next call.
func (r *dataReader) read(n int, what string) ([]byte, error) {
	if n < 0 || int64(n) > r.length-r.pos() {
		return nil, corruptf(r.file, r.pos(), "expected %s of %d bytes, the data ends in %d bytes", what, n, r.length-r.pos())
	}
	if n == 0 {
		return nil, nil
	}
	if err := r.load(); err != nil {
		return nil, r.expected(err, what)
	}
	if r.off+n <= len(r.chunk) {
		b := r.chunk[r.off : r.off+n]
		r.off += n
		return b, nil
	}
	r.spill = r.spill[:0]
	for len(r.spill) < n {
		if err := r.load(); err != nil {
			return nil, r.expected(err, what)
		}
		take := min(n-len(r.spill), len(r.chunk)-r.off)
		r.spill = append(r.spill, r.chunk[r.off:r.off+take]...)
		r.off += take
	}
	return r.spill, nil
}

// uvint reads an unsigned vint.
func (r *dataReader) uvint(what string) (uint64, error) {
	first, err := r.readByte(what)
	if err != nil {
		return 0, err
	}
	size := vintSize(first)
	if size == 1 {
		return uint64(first), nil
	}
	rest, err := r.read(size-1, what)
	if err != nil {
		return 0, err
	}
	var v uint64
	if size < 9 {
		v = uint64(first & (0xff >> size))
	}
	for _, c := range rest {
		v = v<<8 | uint64(c)
	}
	return v, nil
}

// expected adds what was being read to a chunk-level error.
func (r *dataReader) expected(err error, what string) error {
	if ce, ok := err.(*CorruptError); ok {
		return &CorruptError{File: ce.File, Offset: ce.Offset, Msg: ce.Msg + " (while reading " + what + ")"}
	}
	return err
}

package sstable

import (
	"bufio"
	"encoding/binary"
	"errors"
	"io"
)

// indexEntry is one partition of Index.db: its key and where it starts in
// the uncompressed Data.db stream.
type indexEntry struct {
	key []byte
	pos int64
}

// indexReader streams Index.db entries, skipping the promoted (row) index
// of wide partitions, which a scan does not need.
type indexReader struct {
	file    string
	f       File
	br      *bufio.Reader
	off     int64
	size    int64
	dataLen int64 // entries must point inside Data.db
	lastPos int64
}

func openIndex(t *sstable, dataLen int64) (*indexReader, error) {
	path := t.desc.Path(compIndex)
	f, err := t.desc.files().Open(path)
	if err != nil {
		return nil, err
	}
	// Reads go through ReadAt (a section), which every FS offers; the
	// buffer keeps them large for a remote one.
	br := bufio.NewReaderSize(io.NewSectionReader(f, 0, f.Size()), 64<<10)
	return &indexReader{file: path, f: f, br: br, size: f.Size(), dataLen: dataLen, lastPos: -1}, nil
}

func (r *indexReader) close() error { return r.f.Close() }

func (r *indexReader) readFull(b []byte, what string) error {
	n, err := io.ReadFull(r.br, b)
	r.off += int64(n)
	if err != nil {
		return corruptf(r.file, r.off, "expected %s of %d bytes, file ends (size %d)", what, len(b), r.size)
	}
	return nil
}

func (r *indexReader) uvint(what string) (uint64, error) {
	var buf [9]byte
	if err := r.readFull(buf[:1], what); err != nil {
		return 0, err
	}
	n := vintSize(buf[0])
	if n > 1 {
		if err := r.readFull(buf[1:n], what); err != nil {
			return 0, err
		}
	}
	v, _ := uvint(buf[:n])
	return v, nil
}

// next returns the next entry, io.EOF after the last.
func (r *indexReader) next() (indexEntry, error) {
	if r.off >= r.size {
		return indexEntry{}, io.EOF
	}
	var lb [2]byte
	if err := r.readFull(lb[:], "partition key length"); err != nil {
		return indexEntry{}, err
	}
	key := make([]byte, binary.BigEndian.Uint16(lb[:]))
	if err := r.readFull(key, "partition key"); err != nil {
		return indexEntry{}, err
	}
	at := r.off
	pos, err := r.uvint("data position")
	if err != nil {
		return indexEntry{}, err
	}
	if int64(pos) <= r.lastPos || pos >= uint64(r.dataLen) {
		return indexEntry{}, corruptf(r.file, at, "expected a Data.db position after %d and below %d, found %d", r.lastPos, r.dataLen, pos)
	}
	r.lastPos = int64(pos)
	at = r.off
	skip, err := r.uvint("promoted index size")
	if err != nil {
		return indexEntry{}, err
	}
	if skip > uint64(r.size-r.off) {
		return indexEntry{}, corruptf(r.file, at, "expected a promoted index of ≤ %d bytes, found size %d", r.size-r.off, skip)
	}
	if _, err := r.br.Discard(int(skip)); err != nil {
		return indexEntry{}, corruptf(r.file, r.off, "expected promoted index of %d bytes: %v", skip, err)
	}
	r.off += int64(skip)
	return indexEntry{key: key, pos: int64(pos)}, nil
}

// positionsFor finds where the partitions with lo ≤ key < hi start and end
// in Data.db; lo or hi nil means unbounded.
func (t *sstable) positionsFor(lo, hi *decoratedKey, dataLen int64) (start, end int64, err error) {
	if !t.desc.exists(compIndex) || lo == nil && hi == nil {
		return 0, dataLen, nil
	}
	r, err := openIndex(t, dataLen)
	if err != nil {
		return 0, 0, err
	}
	defer r.close()
	start, end = -1, dataLen
	for {
		e, err := r.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return 0, 0, err
		}
		dk := t.part.decorate(e.key)
		if start < 0 && (lo == nil || dk.compare(*lo) >= 0) {
			start = e.pos
		}
		if hi != nil && dk.compare(*hi) >= 0 {
			end = e.pos
			break
		}
	}
	if start < 0 || start > end {
		start = end
	}
	return start, end, nil
}

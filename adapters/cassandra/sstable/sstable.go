package sstable

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
)

// sstable is one opened SSTable: its metadata and an open Data.db that
// any number of partition readers share (File.ReadAt is safe for
// concurrent use).
type sstable struct {
	desc     Descriptor
	stats    *Statistics
	part     Partitioner
	comp     *compressionInfo
	crcs     []uint32
	crcBlock int
	data     File
	dataSize int64
	cols     columnMap
}

// maxMetadataFile bounds the metadata files read whole into memory.
const maxMetadataFile = 1 << 30

func readComponent(d Descriptor, comp string, optional bool) ([]byte, error) {
	path := d.Path(comp)
	b, err := readAll(d.files(), path, maxMetadataFile)
	if errors.Is(err, fs.ErrNotExist) && optional {
		return nil, nil
	}
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s: missing component %s (expected %s): %w", d.Path(compData), comp, path, err)
	}
	return b, err
}

// openSSTable reads the metadata of one SSTable and opens its Data.db.
func openSSTable(d Descriptor) (*sstable, error) {
	if err := d.supported(); err != nil {
		return nil, err
	}
	t := &sstable{desc: d}
	b, err := readComponent(d, compStatistics, false)
	if err != nil {
		return nil, err
	}
	if t.stats, err = parseStatistics(d.Path(compStatistics), b, d.checksummedStats()); err != nil {
		return nil, err
	}
	if t.part, err = partitionerFromClass(t.stats.Partitioner); err != nil {
		return nil, fmt.Errorf("%s: %w", d.Path(compStatistics), err)
	}
	if err := t.readChecksums(); err != nil {
		return nil, err
	}
	f, err := d.files().Open(d.Path(compData))
	if err != nil {
		return nil, err
	}
	t.data, t.dataSize = f, f.Size()
	return t, nil
}

// readChecksums loads CompressionInfo.db, or CRC.db for an uncompressed
// SSTable (both optional for uncompressed data: snapshots may lack CRC.db).
func (t *sstable) readChecksums() error {
	d := t.desc
	b, err := readComponent(d, compCompression, true)
	if err != nil {
		return err
	}
	if b != nil {
		t.comp, err = parseCompressionInfo(d.Path(compCompression), b, d.hasMaxCompressed())
		return err
	}
	if b, err = readComponent(d, compCRC, true); err != nil || b == nil {
		return err
	}
	if len(b) < 4 || len(b)%4 != 0 {
		return corruptf(d.Path(compCRC), 0, "expected a block size and 4-byte CRC32s, found %d bytes", len(b))
	}
	t.crcBlock = int(int32(binary.BigEndian.Uint32(b)))
	if t.crcBlock <= 0 || t.crcBlock > maxChunkLength {
		return corruptf(d.Path(compCRC), 0, "expected a block size in 1..%d, found %d", maxChunkLength, t.crcBlock)
	}
	t.crcs = make([]uint32, 0, len(b)/4-1)
	for i := 4; i < len(b); i += 4 {
		t.crcs = append(t.crcs, binary.BigEndian.Uint32(b[i:]))
	}
	return nil
}

// newDataReader opens a fresh stream over Data.db (one per worker).
func (t *sstable) newDataReader() (*dataReader, error) {
	return newDataReader(t.desc.Path(compData), t.data, t.dataSize, t.comp, t.crcs, t.crcBlock)
}

func (t *sstable) close() error { return t.data.Close() }

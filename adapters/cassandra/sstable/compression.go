package sstable

import "strings"

// compressionInfo is CompressionInfo.db: the codec, the chunk size and the
// offset of every compressed chunk in Data.db.
type compressionInfo struct {
	codec         string // simple class name, e.g. LZ4Compressor
	options       map[string]string
	chunkLength   int
	maxCompressed int   // na+: chunks stored at least this long are not compressed; 0 = none
	dataLength    int64 // uncompressed length of Data.db
	offsets       []int64
}

// maxChunkLength bounds chunk sizes read from disk (Cassandra allows up to
// 2 GiB in theory; real tables use 4–64 KiB).
const maxChunkLength = 1 << 28

func parseCompressionInfo(file string, b []byte, hasMaxCompressed bool) (*compressionInfo, error) {
	d := newDecoder(file, 0, b)
	ci := &compressionInfo{options: map[string]string{}}
	class := d.utf("compressor class name")
	ci.codec = class[strings.LastIndexByte(class, '.')+1:]
	nopt := d.u32("compression option count")
	if d.err == nil && uint64(nopt)*4 > uint64(d.remaining()) {
		return nil, corruptf(file, d.pos()-4, "expected ≤ %d compression options, found count %d", d.remaining()/4, nopt)
	}
	for i := 0; i < int(nopt) && d.err == nil; i++ {
		k := d.utf("compression option name")
		ci.options[k] = d.utf("compression option value")
	}
	at := d.pos()
	ci.chunkLength = int(int32(d.u32("chunk length")))
	if d.err == nil && (ci.chunkLength <= 0 || ci.chunkLength > maxChunkLength) {
		return nil, corruptf(file, at, "expected a chunk length in 1..%d, found %d", maxChunkLength, ci.chunkLength)
	}
	if hasMaxCompressed {
		ci.maxCompressed = int(int32(d.u32("maximum compressed length")))
	}
	at = d.pos()
	ci.dataLength = int64(d.u64("uncompressed length"))
	count := int64(d.u32("chunk count"))
	if d.err != nil {
		return nil, d.err
	}
	want := (ci.dataLength + int64(ci.chunkLength) - 1) / int64(ci.chunkLength)
	// Some writers (CQLSSTableWriter in 3.0, 5.0) close the file with an
	// extra empty chunk, which is never read.
	if ci.dataLength < 0 || count != want && count != want+1 {
		return nil, corruptf(file, at, "expected %d chunks of %d bytes for %d uncompressed bytes, found %d chunks", want, ci.chunkLength, ci.dataLength, count)
	}
	if count*8 > int64(d.remaining()) {
		return nil, corruptf(file, d.pos(), "expected %d chunk offsets, %d bytes left", count, d.remaining())
	}
	ci.offsets = make([]int64, count)
	for i := range ci.offsets {
		at := d.pos()
		ci.offsets[i] = int64(d.u64("chunk offset"))
		if i > 0 && ci.offsets[i] < ci.offsets[i-1]+4 {
			return nil, corruptf(file, at, "expected chunk %d offset > %d, found %d", i, ci.offsets[i-1]+4, ci.offsets[i])
		}
	}
	return ci, d.err
}

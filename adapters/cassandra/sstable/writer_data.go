package sstable

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"fmt"
	"hash"
	"hash/crc32"
	"math"
	"os"

	"github.com/klauspost/compress/snappy"
	"github.com/klauspost/compress/zlib"
	"github.com/klauspost/compress/zstd"
	"github.com/pierrec/lz4/v4"
)

// Components only the writer names.
const (
	compFilter = "Filter.db"
	compDigest = "Digest.crc32"
)

// compressorClasses maps WriterOptions.Compression to the class name
// CompressionInfo.db stores (the simple name, as Cassandra 3.x–5.0 write).
var compressorClasses = map[string]string{
	"lz4": "LZ4Compressor", "snappy": "SnappyCompressor",
	"deflate": "DeflateCompressor", "zstd": "ZstdCompressor",
}

// crcBlockSize is the block size of CRC.db (Cassandra's default).
const crcBlockSize = 64 << 10

// dataOutput writes Data.db: the uncompressed stream cut into chunks that
// are compressed and followed by their CRC32 (CompressionInfo.db lists
// where each starts), or written as is with a CRC32 per 64 KiB block in
// CRC.db. It also keeps the CRC32 of the whole file for Digest.crc32.
type dataOutput struct {
	desc    Descriptor
	f       *os.File
	bw      *bufio.Writer
	digest  hash.Hash32
	pos     int64 // uncompressed position
	fileLen int64
	scratch []byte // reused by the row encoder

	codec   chunkCompressor // nil: uncompressed
	class   string
	chunk   []byte
	packed  []byte
	offsets []int64

	crcs      []uint32
	blockCRC  uint32
	blockFill int
}

func newDataOutput(desc Descriptor, opts WriterOptions) (*dataOutput, error) {
	f, err := os.OpenFile(desc.Path(compData), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return nil, err
	}
	o := &dataOutput{desc: desc, f: f, bw: bufio.NewWriterSize(f, 1<<20), digest: crc32.NewIEEE()}
	if opts.Compression != "none" {
		o.class = compressorClasses[opts.Compression]
		if o.codec, err = newChunkCompressor(opts.Compression); err != nil {
			f.Close()
			return nil, err
		}
		o.chunk = make([]byte, 0, opts.ChunkSize)
	}
	return o, nil
}

func (o *dataOutput) compressed() bool { return o.codec != nil }

func (o *dataOutput) write(b []byte) error {
	o.pos += int64(len(b))
	if o.codec == nil {
		o.plainCRC(b)
		return o.emit(b)
	}
	for len(b) > 0 {
		n := min(len(b), cap(o.chunk)-len(o.chunk))
		o.chunk = append(o.chunk, b[:n]...)
		b = b[n:]
		if len(o.chunk) == cap(o.chunk) {
			if err := o.flushChunk(); err != nil {
				return err
			}
		}
	}
	return nil
}

// plainCRC updates the per-block CRC32s of an uncompressed Data.db.
func (o *dataOutput) plainCRC(b []byte) {
	for len(b) > 0 {
		n := min(len(b), crcBlockSize-o.blockFill)
		o.blockCRC = crc32.Update(o.blockCRC, crc32.IEEETable, b[:n])
		o.blockFill += n
		b = b[n:]
		if o.blockFill == crcBlockSize {
			o.crcs = append(o.crcs, o.blockCRC)
			o.blockCRC, o.blockFill = 0, 0
		}
	}
}

func (o *dataOutput) emit(b []byte) error {
	o.digest.Write(b)
	o.fileLen += int64(len(b))
	_, err := o.bw.Write(b)
	return err
}

func (o *dataOutput) flushChunk() error {
	if len(o.chunk) == 0 {
		return nil
	}
	var err error
	if o.packed, err = o.codec.compress(o.packed[:0], o.chunk); err != nil {
		return fmt.Errorf("%s: compressing chunk %d: %w", o.desc.Path(compData), len(o.offsets), err)
	}
	o.offsets = append(o.offsets, o.fileLen)
	o.packed = binary.BigEndian.AppendUint32(o.packed, crc32.ChecksumIEEE(o.packed))
	o.chunk = o.chunk[:0]
	return o.emit(o.packed)
}

// close flushes Data.db and writes CompressionInfo.db or CRC.db.
func (o *dataOutput) close() error {
	var meta []byte
	var metaPath string
	if o.codec != nil {
		if err := o.flushChunk(); err != nil {
			return err
		}
		meta, metaPath = o.compressionInfo(), o.desc.Path(compCompression)
	} else {
		if o.blockFill > 0 {
			o.crcs = append(o.crcs, o.blockCRC)
		}
		meta = binary.BigEndian.AppendUint32(nil, crcBlockSize)
		for _, c := range o.crcs {
			meta = binary.BigEndian.AppendUint32(meta, c)
		}
		metaPath = o.desc.Path(compCRC)
	}
	if err := o.bw.Flush(); err != nil {
		return err
	}
	if err := o.f.Close(); err != nil {
		return err
	}
	o.f = nil
	return writeFile(metaPath, meta)
}

// compressionInfo encodes CompressionInfo.db: class, no options, chunk
// length, from 'na' the length at which a chunk is stored uncompressed
// (never, as with Cassandra's default min_compress_ratio 0), the
// uncompressed length and the chunk offsets.
func (o *dataOutput) compressionInfo() []byte {
	b := appendShortBytes(nil, []byte(o.class))
	b = binary.BigEndian.AppendUint32(b, 0)
	b = binary.BigEndian.AppendUint32(b, uint32(cap(o.chunk)))
	if o.desc.hasMaxCompressed() {
		b = binary.BigEndian.AppendUint32(b, math.MaxInt32)
	}
	b = binary.BigEndian.AppendUint64(b, uint64(o.pos))
	b = binary.BigEndian.AppendUint32(b, uint32(len(o.offsets)))
	for _, off := range o.offsets {
		b = binary.BigEndian.AppendUint64(b, uint64(off))
	}
	return b
}

// ratio is Statistics.db's compression ratio: stored / uncompressed bytes,
// -1 for an uncompressed SSTable.
func (o *dataOutput) ratio(dataLen int64) float64 {
	if o.codec == nil || dataLen == 0 {
		return -1
	}
	return float64(o.fileLen) / float64(dataLen)
}

func (o *dataOutput) digest32() uint32 { return o.digest.Sum32() }

func (o *dataOutput) abort() {
	if o.f != nil {
		o.f.Close()
		o.f = nil
	}
	os.Remove(o.desc.Path(compData))
	os.Remove(o.desc.Path(compCompression))
	os.Remove(o.desc.Path(compCRC))
}

// chunkCompressor compresses one chunk into dst (appending).
type chunkCompressor interface {
	compress(dst, src []byte) ([]byte, error)
}

func newChunkCompressor(name string) (chunkCompressor, error) {
	switch name {
	case "lz4":
		return &lz4Writer{}, nil
	case "snappy":
		return snappyWriter{}, nil
	case "deflate":
		return &deflateWriter{}, nil
	case "zstd":
		e, err := zstd.NewWriter(nil, zstd.WithEncoderConcurrency(1))
		if err != nil {
			return nil, err
		}
		return zstdWriter{e}, nil
	}
	return nil, fmt.Errorf("unknown compression %q", name)
}

// lz4Writer writes Cassandra's LZ4 chunk: the uncompressed length as a
// little-endian u32, then a raw LZ4 block.
type lz4Writer struct {
	c   lz4.Compressor
	buf []byte
}

func (w *lz4Writer) compress(dst, src []byte) ([]byte, error) {
	if need := lz4.CompressBlockBound(len(src)); cap(w.buf) < need {
		w.buf = make([]byte, need)
	}
	n, err := w.c.CompressBlock(src, w.buf[:cap(w.buf)])
	if err != nil {
		return nil, err
	}
	dst = binary.LittleEndian.AppendUint32(dst, uint32(len(src)))
	if n == 0 { // incompressible: the library leaves it to us
		return appendLZ4Literals(dst, src), nil
	}
	return append(dst, w.buf[:n]...), nil
}

// appendLZ4Literals writes src as one LZ4 sequence of literals only.
func appendLZ4Literals(dst, src []byte) []byte {
	n := len(src)
	if n < 15 {
		return append(append(dst, byte(n<<4)), src...)
	}
	dst = append(dst, 0xf0)
	for n -= 15; n >= 255; n -= 255 {
		dst = append(dst, 255)
	}
	return append(append(dst, byte(n)), src...)
}

type snappyWriter struct{}

func (snappyWriter) compress(dst, src []byte) ([]byte, error) {
	out := snappy.Encode(dst[len(dst):cap(dst)], src)
	return append(dst, out...), nil
}

// deflateWriter writes zlib streams, as java.util.zip.Deflater does.
type deflateWriter struct {
	buf bytes.Buffer
	w   *zlib.Writer
}

func (d *deflateWriter) compress(dst, src []byte) ([]byte, error) {
	d.buf.Reset()
	if d.w == nil {
		d.w = zlib.NewWriter(&d.buf)
	} else {
		d.w.Reset(&d.buf)
	}
	if _, err := d.w.Write(src); err != nil {
		return nil, err
	}
	if err := d.w.Close(); err != nil {
		return nil, err
	}
	return append(dst, d.buf.Bytes()...), nil
}

type zstdWriter struct{ e *zstd.Encoder }

func (z zstdWriter) compress(dst, src []byte) ([]byte, error) {
	return z.e.EncodeAll(src, dst), nil
}

package sstable

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"

	"github.com/klauspost/compress/snappy"
	"github.com/klauspost/compress/zlib"
	"github.com/klauspost/compress/zstd"
	"github.com/pierrec/lz4/v4"
)

// decompressor turns one compressed chunk into dst[:n], where n is the
// uncompressed length the caller expects. Implementations are not safe for
// concurrent use: every Data.db reader owns its own.
type decompressor interface {
	decompress(dst, src []byte) ([]byte, error)
}

func newDecompressor(codec string) (decompressor, error) {
	switch codec {
	case "LZ4Compressor":
		return lz4Codec{}, nil
	case "SnappyCompressor":
		return snappyCodec{}, nil
	case "DeflateCompressor":
		return &deflateCodec{}, nil
	case "ZstdCompressor":
		return &zstdCodec{}, nil
	}
	return nil, fmt.Errorf("unknown compressor %q (known: LZ4Compressor, SnappyCompressor, DeflateCompressor, ZstdCompressor)", codec)
}

// lz4Codec reads Cassandra's LZ4 chunks: a 4-byte little-endian
// uncompressed length, then a raw LZ4 block (no frame).
type lz4Codec struct{}

func (lz4Codec) decompress(dst, src []byte) ([]byte, error) {
	if len(src) < 4 {
		return nil, fmt.Errorf("LZ4 chunk of %d bytes has no length prefix", len(src))
	}
	n := binary.LittleEndian.Uint32(src)
	if int64(n) != int64(len(dst)) {
		return nil, fmt.Errorf("LZ4 chunk announces %d uncompressed bytes, expected %d", n, len(dst))
	}
	got, err := lz4.UncompressBlock(src[4:], dst)
	if err != nil {
		return nil, fmt.Errorf("LZ4: %v", err)
	}
	return dst[:got], nil
}

// snappyCodec reads raw Snappy blocks (varint length, no framing).
type snappyCodec struct{}

func (snappyCodec) decompress(dst, src []byte) ([]byte, error) {
	n, err := snappy.DecodedLen(src)
	if err != nil {
		return nil, fmt.Errorf("snappy: %v", err)
	}
	if n != len(dst) {
		return nil, fmt.Errorf("snappy chunk announces %d uncompressed bytes, expected %d", n, len(dst))
	}
	out, err := snappy.Decode(dst, src)
	if err != nil {
		return nil, fmt.Errorf("snappy: %v", err)
	}
	return out, nil
}

// deflateCodec reads zlib streams as java.util.zip.Deflater writes them; the
// zlib reader is reused between chunks.
type deflateCodec struct {
	r   io.ReadCloser
	src bytes.Reader
}

func (c *deflateCodec) decompress(dst, src []byte) ([]byte, error) {
	c.src.Reset(src)
	var err error
	if c.r == nil {
		c.r, err = zlib.NewReader(&c.src)
	} else {
		err = c.r.(zlib.Resetter).Reset(&c.src, nil)
	}
	if err != nil {
		return nil, fmt.Errorf("deflate: %v", err)
	}
	return readExactly(c.r, dst, "deflate")
}

// zstdCodec reads standard Zstd frames with one single-threaded decoder.
type zstdCodec struct{ d *zstd.Decoder }

func (c *zstdCodec) decompress(dst, src []byte) ([]byte, error) {
	if c.d == nil {
		d, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(maxChunkLength))
		if err != nil {
			return nil, err
		}
		c.d = d
	}
	out, err := c.d.DecodeAll(src, dst[:0])
	if err != nil {
		return nil, fmt.Errorf("zstd: %v", err)
	}
	if len(out) != len(dst) {
		return nil, fmt.Errorf("zstd chunk holds %d uncompressed bytes, expected %d", len(out), len(dst))
	}
	return out, nil
}

// readExactly fills dst from r and checks that r ends there.
func readExactly(r io.Reader, dst []byte, codec string) ([]byte, error) {
	if _, err := io.ReadFull(r, dst); err != nil {
		return nil, fmt.Errorf("%s chunk shorter than the expected %d bytes: %v", codec, len(dst), err)
	}
	var one [1]byte
	if n, _ := r.Read(one[:]); n > 0 {
		return nil, fmt.Errorf("%s chunk longer than the expected %d bytes", codec, len(dst))
	}
	return dst, nil
}

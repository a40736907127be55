package sstable

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"os"
	"path/filepath"
	"testing"

	"github.com/klauspost/compress/snappy"
	"github.com/klauspost/compress/zstd"
	"github.com/pierrec/lz4/v4"
)

// This file builds small synthetic SSTables, byte by byte as FORMAT.md
// describes them, for the features the real test data lacks (tombstones,
// TTLs, UDTs, frozen values, Snappy/Deflate/Zstd, overwrites). It is a test
// helper, not a writer: callers choose every flag.

// Test timestamps: microseconds after the header's minimum (the 2015 epoch).
const fxEpoch = tsEpoch

type fxCol struct{ name, typ string }

// fxTable describes the serialization header of a synthetic SSTable.
type fxTable struct {
	version    string // "md" (pre-oa) or "oa"
	keyType    string
	clustering []string
	static     []fxCol
	regular    []fxCol
}

// fxData accumulates Data.db bytes.
type fxData struct {
	t   fxTable
	buf []byte
}

func (t fxTable) data() *fxData { return &fxData{t: t} }

func (d *fxData) partition(key []byte, del *deletionTime) *fxData {
	d.buf = binary.BigEndian.AppendUint16(d.buf, uint16(len(key)))
	d.buf = append(d.buf, key...)
	switch {
	case d.t.version >= "oa" && del == nil:
		d.buf = append(d.buf, 0x80)
	case d.t.version >= "oa":
		d.buf = binary.BigEndian.AppendUint64(d.buf, uint64(del.markedAt))
		d.buf = binary.BigEndian.AppendUint32(d.buf, uint32(del.ldt))
	default:
		dt := liveDeletion
		if del != nil {
			dt = *del
		}
		d.buf = binary.BigEndian.AppendUint32(d.buf, uint32(dt.ldt))
		d.buf = binary.BigEndian.AppendUint64(d.buf, uint64(dt.markedAt))
	}
	return d
}

func (d *fxData) end() *fxData { d.buf = append(d.buf, flagEndOfPartition); return d }

// clustering encodes values (nil = null) with the 2-bit header scheme; all
// values here are variable-length or given at their fixed width.
func fxClustering(vals [][]byte, fixed []int) []byte {
	var out []byte
	for start := 0; start < len(vals); start += 32 {
		var header uint64
		end := min(start+32, len(vals))
		for i := start; i < end; i++ {
			if vals[i] == nil {
				header |= 2 << (2 * uint(i-start))
			} else if len(vals[i]) == 0 {
				header |= 1 << (2 * uint(i-start))
			}
		}
		out = putUvint(out, header)
		for i := start; i < end; i++ {
			if len(vals[i]) == 0 {
				continue
			}
			if i >= len(fixed) || fixed[i] < 0 {
				out = putUvint(out, uint64(len(vals[i])))
			}
			out = append(out, vals[i]...)
		}
	}
	return out
}

// fxRow is a row to encode: flags beyond the ones derived here may be set.
type fxRow struct {
	static     bool
	clustering [][]byte
	fixed      []int // fixed widths of clustering types (-1 variable)
	liveTS     int64 // 0: no liveness
	ttl        int32
	expires    int64
	del        *deletionTime
	subset     *uint64 // column subset bitmap of missing columns; nil = all
	body       []byte  // encoded cells, in header column order
	complexDel bool
}

func (d *fxData) row(r fxRow) *fxData {
	flags := byte(0)
	var body []byte
	body = putUvint(body, 0) // previous unfiltered size (unused by readers)
	if r.liveTS != 0 {
		flags |= flagHasTimestamp
		body = putUvint(body, uint64(r.liveTS-fxEpoch))
		if r.ttl != 0 {
			flags |= flagHasTTL
			body = putUvint(body, uint64(r.ttl))
			body = putUvint(body, uint64(r.expires-dtEpoch))
		}
	}
	if r.del != nil {
		flags |= flagHasDeletion
		body = putUvint(body, uint64(r.del.markedAt-fxEpoch))
		body = putUvint(body, uint64(r.del.ldt-dtEpoch))
	}
	if r.subset == nil {
		flags |= flagAllColumns
	} else {
		body = putUvint(body, *r.subset)
	}
	if r.complexDel {
		flags |= flagComplexDel
	}
	body = append(body, r.body...)
	if r.static {
		d.buf = append(d.buf, flags|flagExtended, extIsStatic)
	} else {
		d.buf = append(d.buf, flags)
		d.buf = append(d.buf, fxClustering(r.clustering, r.fixed)...)
	}
	d.buf = putUvint(d.buf, uint64(len(body)))
	d.buf = append(d.buf, body...)
	return d
}

// marker encodes a range tombstone bound (one deletion) or boundary (two).
func (d *fxData) marker(kind byte, prefix [][]byte, dels ...deletionTime) *fxData {
	d.buf = append(d.buf, flagIsMarker, kind)
	d.buf = binary.BigEndian.AppendUint16(d.buf, uint16(len(prefix)))
	d.buf = append(d.buf, fxClustering(prefix, nil)...)
	var body []byte
	body = putUvint(body, 0)
	for _, del := range dels {
		body = putUvint(body, uint64(del.markedAt-fxEpoch))
		body = putUvint(body, uint64(del.ldt-dtEpoch))
	}
	d.buf = putUvint(d.buf, uint64(len(body)))
	d.buf = append(d.buf, body...)
	return d
}

// fxCell encodes a cell. flags: cellFlag*; ldt/ttl are written when the
// flags call for them; path is for complex columns; value nil = empty.
func fxCell(flags byte, ts int64, ldt int64, ttl int32, path, value []byte, fixed bool) []byte {
	if value == nil {
		flags |= cellFlagEmptyValue
	}
	out := []byte{flags}
	if flags&cellFlagUseRowTS == 0 {
		out = putUvint(out, uint64(ts-fxEpoch))
	}
	if flags&cellFlagUseRowTTL == 0 && flags&(cellFlagDeleted|cellFlagExpiring) != 0 {
		out = putUvint(out, uint64(ldt-dtEpoch))
		if flags&cellFlagExpiring != 0 {
			out = putUvint(out, uint64(ttl))
		}
	}
	if path != nil {
		out = putUvint(out, uint64(len(path)))
		out = append(out, path...)
	}
	if value != nil {
		if !fixed {
			out = putUvint(out, uint64(len(value)))
		}
		out = append(out, value...)
	}
	return out
}

// statistics encodes a Statistics.db with VALIDATION and HEADER.
func (t fxTable) statistics() []byte {
	var val []byte
	val = fxUTF(val, "org.apache.cassandra.dht.Murmur3Partitioner")
	val = binary.BigEndian.AppendUint64(val, 0)
	var h []byte
	h = putUvint(h, 0) // minimum timestamp = epoch
	h = putUvint(h, 0) // minimum local deletion time = epoch
	h = putUvint(h, 0) // minimum TTL
	h = fxVString(h, t.keyType)
	h = putUvint(h, uint64(len(t.clustering)))
	for _, c := range t.clustering {
		h = fxVString(h, c)
	}
	for _, cols := range [][]fxCol{t.static, t.regular} {
		h = putUvint(h, uint64(len(cols)))
		for _, c := range cols {
			h = fxVString(fxVString(h, c.name), c.typ)
		}
	}
	checksummed := t.version >= "na"
	comps := [][]byte{val, h}
	if checksummed {
		for i, c := range comps {
			comps[i] = binary.BigEndian.AppendUint32(c, crc32.ChecksumIEEE(c))
		}
	}
	out := binary.BigEndian.AppendUint32(nil, 2)
	if checksummed {
		out = binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(out))
	}
	tocStart := len(out)
	off := len(out) + 16
	if checksummed {
		off += 4
	}
	for i, typ := range []uint32{metaValidation, metaHeader} {
		out = binary.BigEndian.AppendUint32(out, typ)
		out = binary.BigEndian.AppendUint32(out, uint32(off))
		off += len(comps[i])
	}
	if checksummed {
		crc := crc32.Update(crc32.ChecksumIEEE(out[:4]), crc32.IEEETable, out[tocStart:])
		out = binary.BigEndian.AppendUint32(out, crc)
	}
	return append(append(out, comps[0]...), comps[1]...)
}

func fxUTF(b []byte, s string) []byte {
	return append(binary.BigEndian.AppendUint16(b, uint16(len(s))), s...)
}

func fxVString(b []byte, s string) []byte {
	return append(putUvint(b, uint64(len(s))), s...)
}

// write stores the SSTable as generation gen in dir, compressed with codec
// ("" for none) in chunks of chunk bytes.
func (t fxTable) write(tb testing.TB, dir string, gen int, data []byte, codec string, chunk int) {
	tb.Helper()
	d := Descriptor{Dir: dir, Version: t.version, Generation: itoa(gen), Format: "big"}
	mustWrite(tb, d.Path(compStatistics), t.statistics())
	if codec == "" {
		mustWrite(tb, d.Path(compData), data)
		return
	}
	var file []byte
	var offsets []int64
	for p := 0; p < len(data); p += chunk {
		offsets = append(offsets, int64(len(file)))
		c := fxCompress(tb, codec, data[p:min(p+chunk, len(data))])
		file = append(file, c...)
		file = binary.BigEndian.AppendUint32(file, crc32.ChecksumIEEE(c))
	}
	class, maxCompressed := codec, uint32(1<<31-1)
	if codec == "raw" { // every chunk is at least maxCompressed long: stored as is
		class, maxCompressed = "LZ4Compressor", 1
	}
	ci := fxUTF(nil, class)
	ci = binary.BigEndian.AppendUint32(ci, 0)
	ci = binary.BigEndian.AppendUint32(ci, uint32(chunk))
	if t.version >= "na" {
		ci = binary.BigEndian.AppendUint32(ci, maxCompressed)
	}
	ci = binary.BigEndian.AppendUint64(ci, uint64(len(data)))
	ci = binary.BigEndian.AppendUint32(ci, uint32(len(offsets)))
	for _, o := range offsets {
		ci = binary.BigEndian.AppendUint64(ci, uint64(o))
	}
	mustWrite(tb, d.Path(compData), file)
	mustWrite(tb, d.Path(compCompression), ci)
}

func fxCompress(tb testing.TB, codec string, b []byte) []byte {
	switch codec {
	case "LZ4Compressor":
		dst := make([]byte, lz4.CompressBlockBound(len(b)))
		n, err := lz4.CompressBlock(b, dst, nil)
		if err != nil || n == 0 {
			tb.Fatalf("lz4: %v (n=%d)", err, n)
		}
		return append(binary.LittleEndian.AppendUint32(nil, uint32(len(b))), dst[:n]...)
	case "SnappyCompressor":
		return snappy.Encode(nil, b)
	case "DeflateCompressor":
		var buf bytes.Buffer
		w := zlib.NewWriter(&buf)
		w.Write(b)
		w.Close()
		return buf.Bytes()
	case "ZstdCompressor":
		e, _ := zstd.NewWriter(nil)
		return e.EncodeAll(b, nil)
	case "raw": // a chunk stored uncompressed ('na' and later)
		return append([]byte(nil), b...)
	}
	tb.Fatalf("unknown codec %s", codec)
	return nil
}

func mustWrite(tb testing.TB, path string, b []byte) {
	tb.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		tb.Fatal(err)
	}
}

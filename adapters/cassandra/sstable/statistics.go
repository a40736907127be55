package sstable

import (
	"hash/crc32"
	"sort"
)

// Epochs of the serialization header's delta encoding (EncodingStats).
const (
	tsEpoch = 1442880000000000 // 2015-09-22T00:00:00Z in microseconds
	dtEpoch = 1442880000       // the same instant in seconds
)

// Statistics.db metadata component types.
const (
	metaValidation = 0
	metaHeader     = 3
)

// Statistics is what the reader needs from Statistics.db.
type Statistics struct {
	Partitioner string // Java class name, e.g. org.apache.cassandra.dht.Murmur3Partitioner
	Header      Header
}

// Header is the serialization header: the column list and the bases of the
// delta-encoded timestamps of this SSTable's Data.db.
type Header struct {
	MinTimestamp int64
	MinLDT       uint32 // minimum local deletion time, wrapping 32-bit
	MinTTL       uint32
	KeyTypes     []colType // one per partition key column
	Clustering   []colType
	Static       []HeaderColumn
	Regular      []HeaderColumn
}

// HeaderColumn is one static or regular column listed by a header.
type HeaderColumn struct {
	Name string
	Type colType
}

// complex reports whether the column is stored as one cell per element.
func (c HeaderColumn) complex() bool { return c.Type.IsMultiCell() }

// parseStatistics decodes Statistics.db. From 'na' on, the count, the table
// of contents and every component are followed by a CRC32 that is checked.
func parseStatistics(file string, b []byte, checksummed bool) (*Statistics, error) {
	d := newDecoder(file, 0, b)
	count := d.u32("metadata component count")
	if checksummed {
		checkCRC(d, 0, "metadata component count")
	}
	if d.err != nil {
		return nil, d.err
	}
	if uint64(count)*8 > uint64(d.remaining()) {
		return nil, corruptf(file, 0, "expected ≤ %d metadata components, found count %d", d.remaining()/8, count)
	}
	type entry struct{ typ, off uint32 }
	toc := make([]entry, count)
	for i := range toc {
		toc[i] = entry{d.u32("metadata type"), d.u32("metadata offset")}
	}
	if checksummed && d.err == nil {
		// The table-of-contents CRC continues the one of the count.
		checkCRCValue(d, crc32.Update(crc32.ChecksumIEEE(b[:4]), crc32.IEEETable, b[8:d.off]), "metadata table of contents")
	}
	if d.err != nil {
		return nil, d.err
	}
	sort.Slice(toc, func(i, j int) bool { return toc[i].off < toc[j].off })
	st := &Statistics{}
	found := map[uint32]bool{}
	for i, e := range toc {
		end := uint32(len(b))
		if i+1 < len(toc) {
			end = toc[i+1].off
		}
		if e.off < uint32(d.off) || e.off > end || end > uint32(len(b)) {
			return nil, corruptf(file, int64(e.off), "expected metadata component %d inside the file (%d bytes) and after the table of contents", e.typ, len(b))
		}
		body := b[e.off:end]
		if checksummed {
			if len(body) < 4 {
				return nil, corruptf(file, int64(e.off), "expected metadata component %d with a CRC32, found %d bytes", e.typ, len(body))
			}
			cd := newDecoder(file, int64(e.off), body)
			cd.off = len(body) - 4
			checkCRC(cd, 0, "metadata component")
			if cd.err != nil {
				return nil, cd.err
			}
			body = body[:len(body)-4]
		}
		if err := st.parseComponent(file, e.typ, int64(e.off), body); err != nil {
			return nil, err
		}
		found[e.typ] = true
	}
	for _, need := range []uint32{metaValidation, metaHeader} {
		if !found[need] {
			return nil, corruptf(file, 0, "expected metadata component %d (%s), not in the table of contents", need, map[uint32]string{0: "VALIDATION", 3: "HEADER"}[need])
		}
	}
	return st, nil
}

// checkCRC reads a CRC32 at the decoder position and compares it with the
// CRC32 of d.b[from:position].
func checkCRC(d *decoder, from int, what string) {
	if d.err != nil || from > d.off {
		return
	}
	checkCRCValue(d, crc32.ChecksumIEEE(d.b[from:d.off]), what)
}

// checkCRCValue reads a stored CRC32 and compares it with computed.
func checkCRCValue(d *decoder, computed uint32, what string) {
	if d.err != nil {
		return
	}
	at := d.off
	stored := d.u32("CRC32 of " + what)
	if d.err == nil && stored != computed {
		d.err = corruptf(d.file, d.base+int64(at), "expected CRC32 %08x of %s, stored %08x", computed, what, stored)
	}
}

func (st *Statistics) parseComponent(file string, typ uint32, off int64, body []byte) error {
	d := newDecoder(file, off, body)
	switch typ {
	case metaValidation:
		st.Partitioner = d.utf("partitioner class name")
		d.f64("bloom filter false-positive chance")
	case metaHeader:
		st.Header = parseHeader(d)
	}
	return d.err
}

func parseHeader(d *decoder) Header {
	var h Header
	h.MinTimestamp = int64(uint64(tsEpoch) + d.uvint("minimum timestamp"))
	h.MinLDT = uint32(dtEpoch + d.uvint("minimum local deletion time"))
	h.MinTTL = uint32(d.uvint("minimum TTL"))
	at := d.pos()
	keyType := string(d.vbytes("partition key type"))
	if d.err != nil {
		return h
	}
	var err error
	if h.KeyTypes, err = parseKeyTypes(keyType); err != nil {
		d.err = corruptf(d.file, at, "expected a partition key type: %v", err)
		return h
	}
	n := d.length("clustering column count")
	for i := 0; i < n && d.err == nil; i++ {
		h.Clustering = append(h.Clustering, headerType(d, "clustering type"))
	}
	h.Static = headerColumns(d, "static")
	h.Regular = headerColumns(d, "regular")
	return h
}

func headerType(d *decoder, what string) colType {
	at := d.pos()
	s := d.vbytes(what)
	if d.err != nil {
		return colType{}
	}
	t, err := parseMarshal(string(s))
	if err != nil {
		d.err = corruptf(d.file, at, "expected a %s: %v", what, err)
	}
	return t
}

func headerColumns(d *decoder, kind string) []HeaderColumn {
	n := d.length(kind + " column count")
	var cols []HeaderColumn
	for i := 0; i < n && d.err == nil; i++ {
		name := string(d.vbytes(kind + " column name"))
		cols = append(cols, HeaderColumn{Name: name, Type: headerType(d, kind+" column type")})
	}
	return cols
}

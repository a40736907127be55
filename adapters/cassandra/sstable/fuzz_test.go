package sstable

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// Fuzz targets for every decoder. Inputs must never panic or allocate
// without bound; errors are expected.

func FuzzStatistics(f *testing.F) {
	for _, v := range []string{"md", "oa"} {
		m := "org.apache.cassandra.db.marshal."
		tab := fxTable{version: v, keyType: m + "Int32Type", clustering: []string{m + "ReversedType(" + m + "UTF8Type)"},
			regular: []fxCol{{"u", udtType}, {"m", m + "MapType(" + m + "Int32Type," + m + "FrozenType(" + m + "ListType(" + m + "UUIDType)))"}}}
		f.Add(tab.statistics(), v >= "na")
	}
	f.Fuzz(func(t *testing.T, b []byte, checksummed bool) {
		st, err := parseStatistics("Statistics.db", b, checksummed)
		if err == nil && st == nil {
			t.Fatal("nil statistics without error")
		}
	})
}

func FuzzCompressionInfo(f *testing.F) {
	ci := fxUTF(nil, "LZ4Compressor")
	ci = append(ci, 0, 0, 0, 0, 0, 0, 0x40, 0, 0x7f, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0x80, 0, 0, 0, 0, 2)
	ci = append(ci, make([]byte, 8)...)
	ci = append(ci, 0, 0, 0, 0, 0, 0, 0x10, 0)
	f.Add(ci, true)
	f.Fuzz(func(t *testing.T, b []byte, hasMax bool) {
		c, err := parseCompressionInfo("CompressionInfo.db", b, hasMax)
		if err == nil && int64(len(c.offsets))*int64(c.chunkLength) < c.dataLength {
			t.Fatalf("accepted %d chunks of %d for %d bytes", len(c.offsets), c.chunkLength, c.dataLength)
		}
	})
}

func FuzzMarshalType(f *testing.F) {
	f.Add(udtType)
	f.Add("org.apache.cassandra.db.marshal.CompositeType(org.apache.cassandra.db.marshal.UUIDType,org.apache.cassandra.db.marshal.UTF8Type)")
	f.Fuzz(func(t *testing.T, s string) {
		_, _ = parseMarshal(s)
		_, _ = parseKeyTypes(s)
	})
}

func FuzzIndex(f *testing.F) {
	var seed []byte
	for i := 0; i < 3; i++ {
		seed = append(seed, 0, 4, 0, 0, 0, byte(i), byte(i*10), 0)
	}
	f.Add(seed)
	f.Fuzz(func(t *testing.T, b []byte) {
		dir := t.TempDir()
		d := Descriptor{Dir: dir, Version: "md", Generation: "1", Format: "big"}
		mustWrite(t, d.Path(compIndex), b)
		st := &sstable{desc: d, part: Murmur3}
		r, err := openIndex(st, 1<<20)
		if err != nil {
			t.Fatal(err)
		}
		defer r.close()
		for {
			if _, err := r.next(); err != nil {
				return
			}
		}
	})
}

// FuzzData decodes arbitrary Data.db bytes against a header with
// clustering, static, simple and complex columns.
func FuzzData(f *testing.F) {
	m := "org.apache.cassandra.db.marshal."
	tab := fxTable{version: "md", keyType: m + "Int32Type", clustering: []string{m + "Int32Type"},
		static:  []fxCol{{"s", m + "UTF8Type"}},
		regular: []fxCol{{"v", m + "UTF8Type"}, {"l", m + "ListType(" + m + "Int32Type)"}, {"u", udtType}}}
	none := uint64(6)
	seed := tab.data().partition(i32b(1), nil).row(fxRow{static: true, body: fxCell(0, ts(10), 0, 0, nil, []byte("st"), false)}).
		row(fxRow{clustering: [][]byte{i32b(1)}, fixed: []int{4}, liveTS: ts(5), subset: &none, body: fxCell(cellFlagUseRowTS, 0, 0, 0, nil, []byte("x"), false)}).
		marker(inclStart, [][]byte{i32b(2)}, *del(7)).marker(exclEnd, [][]byte{i32b(3)}, *del(7)).end()
	f.Add(seed.buf)
	stats := tab.statistics()
	schema := "CREATE TYPE ks.addr (street text, zip int); CREATE TABLE ks.t (pk int, ck int, s text static, v text, l list<int>, u addr, PRIMARY KEY (pk, ck));"
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		d := Descriptor{Dir: dir, Version: "md", Generation: "1", Format: "big"}
		mustWrite(t, d.Path(compStatistics), stats)
		mustWrite(t, d.Path(compData), data)
		mustWrite(t, filepath.Join(dir, "schema.cql"), []byte(schema))
		_, err := Scan(context.Background(), ScanOptions{Dirs: []string{dir}, SchemaFile: filepath.Join(dir, "schema.cql"), AsOf: time.Unix(0, 0)}, io.Discard)
		var ce *CorruptError
		if err != nil && !errors.As(err, &ce) && !os.IsNotExist(err) {
			t.Fatalf("error without file and offset: %v", err)
		}
	})
}

// FuzzValues decodes arbitrary bytes as every kind of value and renders
// them as JSON.
func FuzzValues(f *testing.F) {
	f.Add([]byte{0, 0, 0, 2, 0, 0, 0, 1, 7, 0, 0, 0, 1, 8}, uint8(0))
	types := []string{"int", "bigint", "varint", "decimal", "float", "double", "timestamp", "date", "time", "uuid",
		"inet", "duration", "text", "blob", "boolean", "counter", "frozen<list<int>>", "frozen<map<text, int>>",
		"tuple<int, text>", "frozen<set<uuid>>"}
	f.Fuzz(func(t *testing.T, b []byte, k uint8) {
		typ := mustType(t, types[int(k)%len(types)])
		v, err := decodeValue(typ, b)
		if err == nil {
			_ = AppendJSONValue(nil, typ, v)
			_ = CSVField(typ, v)
		}
		_ = compareValues(typ, b, bytes.Repeat(b, 2))
	})
}

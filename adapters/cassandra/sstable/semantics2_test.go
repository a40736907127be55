package sstable

import (
	"encoding/binary"
	"testing"
	"time"

	"github.com/quill-etl/quill/adapters/cassandra/cql"
)

const udtType = "org.apache.cassandra.db.marshal.UserType(ks,61646472,737472656574:org.apache.cassandra.db.marshal.UTF8Type,7a6970:org.apache.cassandra.db.marshal.Int32Type)"

func frozenElems(count bool, elems ...[]byte) []byte {
	var out []byte
	if count {
		out = i32b(int32(len(elems)))
	}
	for _, e := range elems {
		if e == nil {
			out = append(out, i32b(-1)...)
			continue
		}
		out = append(append(out, i32b(int32(len(e)))...), e...)
	}
	return out
}

func short(v uint16) []byte { return binary.BigEndian.AppendUint16(nil, v) }

// TestCollectionsAndUDTs covers non-frozen list/map/set/UDT cells with
// complex deletions and element overwrites across two SSTables, and frozen
// UDT/list/tuple values.
func TestCollectionsAndUDTs(t *testing.T) {
	m := "org.apache.cassandra.db.marshal."
	tab1 := fxTable{version: "me", keyType: m + "Int32Type", regular: []fxCol{
		{"fl", "org.apache.cassandra.db.marshal.FrozenType(" + m + "ListType(" + m + "Int32Type))"},
		{"fu", "org.apache.cassandra.db.marshal.FrozenType(" + udtType + ")"},
		{"tp", m + "TupleType(" + m + "Int32Type," + m + "UTF8Type)"},
		{"l", m + "ListType(" + m + "Int32Type)"},
		{"mp", m + "MapType(" + m + "UTF8Type," + m + "Int32Type)"},
		{"st", m + "SetType(" + m + "UTF8Type)"},
		{"u", udtType},
	}}
	var body []byte
	body = append(body, fxCell(cellFlagUseRowTS, 0, 0, 0, nil, frozenElems(true, i32b(7), i32b(8)), false)...)
	body = append(body, fxCell(cellFlagUseRowTS, 0, 0, 0, nil, frozenElems(false, []byte("main st"), i32b(12345)), false)...)
	body = append(body, fxCell(cellFlagUseRowTS, 0, 0, 0, nil, frozenElems(false, i32b(1), nil), false)...)
	complex := func(delBytes []byte, cells ...[]byte) {
		body = append(body, delBytes...)
		body = putUvint(body, uint64(len(cells)))
		for _, c := range cells {
			body = append(body, c...)
		}
	}
	complex(complexDel(99), fxCell(0, ts(100), 0, 0, timeuuid(1), i32b(1), false), fxCell(0, ts(100), 0, 0, timeuuid(2), i32b(2), false))
	complex(complexDel(99), fxCell(0, ts(100), 0, 0, []byte("k1"), i32b(1), false), fxCell(0, ts(100), 0, 0, []byte("k2"), i32b(2), false))
	complex(complexDel(99), fxCell(0, ts(100), 0, 0, []byte("a"), nil, false), fxCell(0, ts(100), 0, 0, []byte("b"), nil, false))
	complex(liveComplexDel(), fxCell(0, ts(100), 0, 0, short(0), []byte("elm st"), false), fxCell(0, ts(100), 0, 0, short(1), i32b(999), false))
	d1 := tab1.data().partition(i32b(1), nil).row(fxRow{liveTS: ts(100), complexDel: true, body: body}).end()

	tab2 := fxTable{version: "me", keyType: m + "Int32Type", regular: tab1.regular[3:6]}
	body = nil
	complex(complexDel(150), fxCell(0, ts(160), 0, 0, timeuuid(3), i32b(3), false))
	complex(liveComplexDel(), fxCell(cellFlagDeleted, ts(200), dtEpoch+1, 0, []byte("k2"), nil, false))
	complex(liveComplexDel(), fxCell(0, ts(200), 0, 0, []byte("c"), nil, false), fxCell(0, ts(200), 0, 0, []byte("0"), nil, false))
	d2 := tab2.data().partition(i32b(1), nil).row(fxRow{complexDel: true, body: body}).end()

	dir := t.TempDir()
	tab1.write(t, dir, 1, d1.buf, "", 0)
	tab2.write(t, dir, 2, d2.buf, "", 0)
	schema := `CREATE TYPE ks.addr (street text, zip int);
		CREATE TABLE ks.t (pk int PRIMARY KEY, l list<int>, mp map<text, int>, st set<text>, u addr,
			fu frozen<addr>, fl frozen<list<int>>, tp tuple<int, text>);`
	got := scanFixture(t, dir, schema, time.Now())
	wantRows(t, got, `{"pk": 1, "l": [3], "mp": {"k1": 1}, "st": ["0", "a", "b", "c"], "u": {"street": "elm st", "zip": 999}, `+
		`"fu": {"street": "main st", "zip": 12345}, "fl": [7, 8], "tp": [1, null]}`)
}

// TestCodecs reads the same partitions compressed with every codec, in
// chunks small enough that rows span chunks, and with chunks stored raw.
func TestCodecs(t *testing.T) {
	m := "org.apache.cassandra.db.marshal."
	tab := fxTable{version: "nb", keyType: m + "Int32Type", clustering: []string{m + "Int32Type"},
		regular: []fxCol{{"v", m + "UTF8Type"}}}
	parts := map[int32][]byte{}
	for pk := int32(0); pk < 20; pk++ {
		d := tab.data().partition(i32b(pk), nil)
		for ck := int32(0); ck < 10; ck++ {
			d.row(fxRow{clustering: [][]byte{i32b(ck)}, fixed: []int{4}, liveTS: ts(5),
				body: fxCell(cellFlagUseRowTS, 0, 0, 0, nil, []byte("value value value value"), false)})
		}
		parts[pk] = d.end().buf
	}
	data := byToken(parts)
	schema := "CREATE TABLE ks.t (pk int, ck int, v text, PRIMARY KEY (pk, ck));"
	plainDir := t.TempDir()
	tab.write(t, plainDir, 1, data, "", 0)
	want := scanFixture(t, plainDir, schema, time.Now())
	if len(want) != 200 {
		t.Fatalf("uncompressed fixture: %d rows, want 200", len(want))
	}
	for _, codec := range []string{"LZ4Compressor", "SnappyCompressor", "DeflateCompressor", "ZstdCompressor", "raw"} {
		for _, version := range []string{"md", "nb"} {
			if codec == "raw" && version == "md" {
				continue // raw chunks exist from 'na' on
			}
			dir := t.TempDir()
			tab.version = version
			tab.write(t, dir, 1, data, codec, 256)
			got := scanFixture(t, dir, schema, time.Now())
			if len(got) != len(want) || got[0] != want[0] || got[199] != want[199] {
				t.Errorf("%s %s: %d rows, first %q", codec, version, len(got), got[0])
			}
		}
	}
}

func counterContext(shards ...[3]int64) []byte {
	out := short(0)
	for _, s := range shards {
		id := make([]byte, 16)
		id[15] = byte(s[0])
		out = append(out, id...)
		out = append(append(out, i64b(s[1])...), i64b(s[2])...)
	}
	return out
}

// TestCounterMerge merges two replicas' counter contexts shard by shard:
// per counter id the highest clock wins, and the value is the sum.
func TestCounterMerge(t *testing.T) {
	m := "org.apache.cassandra.db.marshal."
	tab := fxTable{version: "oa", keyType: m + "UTF8Type", regular: []fxCol{{"c", m + "CounterColumnType"}}}
	a := tab.data().partition([]byte("k"), nil).row(fxRow{body: fxCell(0, ts(10), 0, 0, nil, counterContext([3]int64{1, 5, 50}, [3]int64{2, 1, 7}), false)}).end()
	b := tab.data().partition([]byte("k"), nil).row(fxRow{body: fxCell(0, ts(20), 0, 0, nil, counterContext([3]int64{1, 3, 30}, [3]int64{3, 1, 100}), false)}).end()
	dir := t.TempDir()
	tab.write(t, dir, 1, a.buf, "", 0)
	tab.write(t, dir, 2, b.buf, "", 0)
	got := scanFixture(t, dir, "CREATE TABLE ks.t (k text PRIMARY KEY, c counter);", time.Now())
	wantRows(t, got, `{"k": "k", "c": 157}`)
}

// TestStaticOnlyPartition returns one row with null clustering for a
// partition that has a live static row and no live rows, and none for a
// partition whose rows are all deleted but whose static row is too.
func TestStaticOnlyPartition(t *testing.T) {
	m := "org.apache.cassandra.db.marshal."
	tab := fxTable{version: "oa", keyType: m + "Int32Type", clustering: []string{m + "Int32Type"},
		static: []fxCol{{"s", m + "UTF8Type"}}, regular: []fxCol{{"v", m + "UTF8Type"}}}
	none := uint64(1) // the only regular column is missing
	parts := map[int32][]byte{
		1: tab.data().partition(i32b(1), nil).row(fxRow{static: true, body: fxCell(0, ts(10), 0, 0, nil, []byte("st"), false)}).
			row(fxRow{clustering: [][]byte{i32b(1)}, fixed: []int{4}, del: del(20), subset: &none}).end().buf,
		2: tab.data().partition(i32b(2), del(30)).row(fxRow{static: true, body: fxCell(0, ts(10), 0, 0, nil, []byte("gone"), false)}).end().buf,
	}
	dir := t.TempDir()
	tab.write(t, dir, 1, byToken(parts), "LZ4Compressor", 64)
	got := scanFixture(t, dir, "CREATE TABLE ks.t (pk int, ck int, s text static, v text, PRIMARY KEY (pk, ck));", time.Now())
	wantRows(t, got, `{"pk": 1, "ck": null, "s": "st", "v": null}`)
}

func mustType(t testing.TB, s string) cql.Type {
	t.Helper()
	typ, err := cql.ParseType(s)
	if err != nil {
		t.Fatal(err)
	}
	return typ
}

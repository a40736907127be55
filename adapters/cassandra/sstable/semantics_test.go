package sstable

import (
	"context"
	"encoding/binary"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

func i32b(v int32) []byte { return binary.BigEndian.AppendUint32(nil, uint32(v)) }
func i64b(v int64) []byte { return binary.BigEndian.AppendUint64(nil, uint64(v)) }

// ts returns a write timestamp n µs after the header epoch.
func ts(n int64) int64 { return fxEpoch + n }

func del(n int64) *deletionTime { return &deletionTime{markedAt: ts(n), ldt: dtEpoch + 10} }

// scanFixture writes schema.cql into dir and scans it at asOf.
func scanFixture(t *testing.T, dir, schema string, at time.Time) []string {
	t.Helper()
	p := filepath.Join(dir, "schema.cql")
	if err := os.WriteFile(p, []byte(schema), 0o644); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	if _, err := Scan(context.Background(), ScanOptions{Dirs: []string{dir}, SchemaFile: p, AsOf: at}, &out); err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
}

func wantRows(t *testing.T, got []string, want ...string) {
	t.Helper()
	sortStrings(got)
	sortStrings(want)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
	}
}

// TestTombstonesAndOverwrites merges an older and a newer SSTable: a range
// tombstone, a cell tombstone, an overwrite, a partition deletion newer and
// one older than the data.
func TestTombstonesAndOverwrites(t *testing.T) {
	for _, version := range []string{"md", "oa"} {
		t.Run(version, func(t *testing.T) {
			tab := fxTable{version: version, keyType: "org.apache.cassandra.db.marshal.Int32Type",
				clustering: []string{"org.apache.cassandra.db.marshal.UTF8Type"},
				regular:    []fxCol{{"n", "org.apache.cassandra.db.marshal.LongType"}, {"v", "org.apache.cassandra.db.marshal.UTF8Type"}}}
			plainRow := func(ck string, v string) fxRow {
				body := append(fxCell(cellFlagUseRowTS, 0, 0, 0, nil, i64b(1), true), fxCell(cellFlagUseRowTS, 0, 0, 0, nil, []byte(v), false)...)
				return fxRow{clustering: [][]byte{[]byte(ck)}, liveTS: ts(100), body: body}
			}
			old := map[int32][]byte{}
			for pk := int32(1); pk <= 3; pk++ {
				d := tab.data().partition(i32b(pk), nil)
				for _, ck := range []string{"a", "b", "c", "d"} {
					d.row(plainRow(ck, "old-"+ck))
				}
				old[pk] = d.end().buf
			}
			onlyV := uint64(1) // bitmap of missing columns: n (index 0) is missing
			newer := map[int32][]byte{
				1: tab.data().partition(i32b(1), nil).
					row(fxRow{clustering: [][]byte{[]byte("a")}, subset: &onlyV, body: fxCell(cellFlagDeleted, ts(200), dtEpoch+5, 0, nil, nil, false)}).
					marker(inclStart, [][]byte{[]byte("b")}, *del(150)).
					marker(inclEnd, [][]byte{[]byte("c")}, *del(150)).
					row(fxRow{clustering: [][]byte{[]byte("d")}, subset: &onlyV, body: fxCell(0, ts(200), 0, 0, nil, []byte("new"), false)}).
					end().buf,
				2: tab.data().partition(i32b(2), del(150)).end().buf,
				3: tab.data().partition(i32b(3), del(50)).end().buf,
			}
			dir := t.TempDir()
			tab.write(t, dir, 1, byToken(old), "", 0)
			tab.write(t, dir, 2, byToken(newer), "", 0)
			got := scanFixture(t, dir, "CREATE TABLE ks.t (pk int, ck text, v text, n bigint, PRIMARY KEY (pk, ck));", time.Now())
			wantRows(t, got,
				`{"pk": 1, "ck": "a", "v": null, "n": 1}`,
				`{"pk": 1, "ck": "d", "v": "new", "n": 1}`,
				`{"pk": 3, "ck": "a", "v": "old-a", "n": 1}`,
				`{"pk": 3, "ck": "b", "v": "old-b", "n": 1}`,
				`{"pk": 3, "ck": "c", "v": "old-c", "n": 1}`,
				`{"pk": 3, "ck": "d", "v": "old-d", "n": 1}`)
		})
	}
}

// byToken concatenates int-keyed partitions in Murmur3 token order, as an
// SSTable stores them.
func byToken(parts map[int32][]byte) []byte {
	keys := make([]decoratedKey, 0, len(parts))
	for k := range parts {
		keys = append(keys, Murmur3.decorate(i32b(k)))
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].compare(keys[j]) < 0 })
	var out []byte
	for _, k := range keys {
		out = append(out, parts[int32(binary.BigEndian.Uint32(k.key))]...)
	}
	return out
}

// TestTTL judges expiring cells and liveness at an explicit instant.
func TestTTL(t *testing.T) {
	tab := fxTable{version: "nb", keyType: "org.apache.cassandra.db.marshal.Int32Type",
		regular: []fxCol{{"v", "org.apache.cassandra.db.marshal.UTF8Type"}, {"w", "org.apache.cassandra.db.marshal.UTF8Type"}}}
	expires := int64(1_800_000_000)
	onlyV := uint64(2)
	data := tab.data().partition(i32b(1), nil).
		row(fxRow{liveTS: ts(100), ttl: 60, expires: expires,
			body: append(fxCell(cellFlagUseRowTS|cellFlagUseRowTTL|cellFlagExpiring, 0, 0, 0, nil, []byte("v1"), false),
				fxCell(0, ts(100), 0, 0, nil, []byte("w1"), false)...)}).end()
	data2 := tab.data().partition(i32b(2), nil).
		row(fxRow{liveTS: ts(100), ttl: 60, expires: expires, subset: &onlyV,
			body: fxCell(cellFlagExpiring, ts(100), expires+100, 160, nil, []byte("v2"), false)}).end()
	dir := t.TempDir()
	tab.write(t, dir, 1, data.buf, "", 0)
	tab.write(t, dir, 2, data2.buf, "", 0)
	schema := "CREATE TABLE ks.t (pk int PRIMARY KEY, v text, w text);"
	before := scanFixture(t, dir, schema, time.Unix(expires-1, 0))
	wantRows(t, before, `{"pk": 1, "v": "v1", "w": "w1"}`, `{"pk": 2, "v": "v2", "w": null}`)
	at := scanFixture(t, dir, schema, time.Unix(expires, 0))
	wantRows(t, at, `{"pk": 1, "v": null, "w": "w1"}`, `{"pk": 2, "v": "v2", "w": null}`)
	after := scanFixture(t, dir, schema, time.Unix(expires+100, 0))
	wantRows(t, after, `{"pk": 1, "v": null, "w": "w1"}`)
}

// liveComplexDel is a live complex deletion in delta form.
func liveComplexDel() []byte {
	minTS := int64(math.MinInt64)
	b := putUvint(nil, uint64(minTS-fxEpoch)) // wraps, as Cassandra's delta does
	return putUvint(b, uint64(uint32(math.MaxInt32-dtEpoch)))
}

func complexDel(n int64) []byte {
	return putUvint(putUvint(nil, uint64(ts(n)-fxEpoch)), 10)
}

func timeuuid(n byte) []byte {
	u := make([]byte, 16)
	u[6], u[7] = 0x10, n // version 1, timestamp low bits
	return u
}

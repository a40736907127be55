package cassandra

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/gocql/gocql"
	"github.com/google/go-cmp/cmp"
	"github.com/quill-etl/quill/adapters/nostos"
)

func record(vals ...string) []byte {
	fs := make([][]byte, len(vals))
	for i, v := range vals {
		fs[i] = []byte(v)
	}
	return nostos.EncodeRecord(nil, fs)
}

func TestKeyBatchesRecord(t *testing.T) {
	q := cqlText{ks: "ks"}
	sc := nostos.Schema{Key: []string{"id"}, Fields: []string{"name", "n"}}
	bs, err := keyBatches(q, "t_v1", sc, nostos.Entry{Key: []byte("k1"), Value: record(`"Ann"`, `3`)}, defaultBatchBytes)
	if err != nil {
		t.Fatal(err)
	}
	want := []batch{{Key: "k1", Bytes: 6 + 11 + 4, Stmts: []stmt{
		{`INSERT INTO "ks"."t_v1" ("key", "records") VALUES (?, ?)`, []any{"k1", 1}},
		{`INSERT INTO "ks"."t_v1" ("key", "field", "value") VALUES (?, ?, ?)`, []any{"k1", "name", `"Ann"`}},
		{`INSERT INTO "ks"."t_v1" ("key", "field", "value") VALUES (?, ?, ?)`, []any{"k1", "n", `3`}},
	}}}
	if d := cmp.Diff(want, bs); d != "" {
		t.Errorf("-want +got:\n%s", d)
	}
}

// TestKeyBatchesSplit: a wide record is split into several batches of the
// same partition, each under the budget unless one statement alone exceeds it.
func TestKeyBatchesSplit(t *testing.T) {
	sc := nostos.Schema{Key: []string{"id"}}
	var vals []string
	for i := range 10 {
		sc.Fields = append(sc.Fields, fmt.Sprintf("f%d", i))
		vals = append(vals, fmt.Sprintf(`"%0100d"`, i))
	}
	bs, err := keyBatches(cqlText{ks: "ks"}, "t_v1", sc, nostos.Entry{Key: []byte("k"), Value: record(vals...)}, 250)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, b := range bs {
		if b.Key != "k" || b.Bytes > 250 {
			t.Errorf("batch %+v", b)
		}
		n += len(b.Stmts)
	}
	if n != 11 || len(bs) != 5 {
		t.Errorf("%d statements in %d batches, want 11 in 5", n, len(bs))
	}
}

func TestKeyBatchesBadInput(t *testing.T) {
	sc := nostos.Schema{Key: []string{"id"}, Fields: []string{"a"}}
	for _, e := range []nostos.Entry{{Key: nil, Value: record("1")}, {Key: []byte{0xff}, Value: record("1")}, {Key: []byte("k"), Value: []byte{9}}} {
		if _, err := keyBatches(cqlText{ks: "ks"}, "t_v1", sc, e, defaultBatchBytes); err == nil {
			t.Errorf("entry %q: no error", e.Key)
		}
	}
}

// TestListRoundTrip: a list is stored as per-field JSON arrays and
// assembled back into exactly the encoded value Export wrote.
func TestListRoundTrip(t *testing.T) {
	sc := nostos.Schema{Key: []string{"id"}, Fields: []string{"a", "b"}, Collect: nostos.CollectList}
	val := nostos.EncodeList(nil, [][]byte{record(`1`, `"x,]y"`), record(`null`, `{"k":[1,2]}`), record(`-2.5e-7`, `"\u0000"`)})
	bs, err := keyBatches(cqlText{ks: "ks"}, "t_v1", sc, nostos.Entry{Key: []byte("k"), Value: val}, defaultBatchBytes)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, s := range bs[0].Stmts[1:] {
		got[s.Args[1].(string)] = s.Args[2].(string)
	}
	if got["a"] != `[1,null,-2.5e-7]` || got["b"] != `["x,]y",{"k":[1,2]},"\u0000"]` {
		t.Errorf("stored %v", got)
	}
	records := bs[0].Stmts[0].Args[1].(int)
	back, err := assemble(sc, records, got)
	if err != nil || !bytes.Equal(back, val) {
		t.Errorf("assemble = %q, %v; want %q", back, err, val)
	}
	p, _ := newProjection(sc, []string{"b"})
	js, err := p.render(records, got, true)
	if err != nil || string(js) != `[{"b":"x,]y"},{"b":{"k":[1,2]}},{"b":"\u0000"}]` {
		t.Errorf("render = %s, %v", js, err)
	}
	if _, err := assemble(sc, 2, got); err == nil {
		t.Error("assemble with a wrong records count: no error")
	}
}

func TestRecordRender(t *testing.T) {
	sc := nostos.Schema{Key: []string{"id"}, Fields: []string{"a", "b", "c"}}
	got := map[string]string{"a": `1`, "b": `"two"`, "c": `null`}
	for _, c := range []struct {
		fields []string
		want   string
	}{{nil, `{"a":1,"b":"two","c":null}`}, {[]string{"c", "a"}, `{"c":null,"a":1}`}} {
		p, err := newProjection(sc, c.fields)
		if err != nil {
			t.Fatal(err)
		}
		js, err := p.render(1, got, false)
		if err != nil || string(js) != c.want {
			t.Errorf("%v: %s, %v", c.fields, js, err)
		}
	}
	for _, bad := range [][]string{{"zz"}, {"a", "a"}} {
		if _, err := newProjection(sc, bad); !errors.Is(err, nostos.ErrNoField) {
			t.Errorf("%v: %v", bad, err)
		}
	}
	if p, _ := newProjection(sc, []string{"a"}); !cmp.Equal(p.names(), []string{"a"}) {
		t.Errorf("names %v", p.names())
	}
	if back, err := assemble(sc, 1, got); err != nil || !bytes.Equal(back, record(`1`, `"two"`, `null`)) {
		t.Errorf("assemble = %q, %v", back, err)
	}
}

// TestBoundValuesMarshal: the values bound to the statements marshal to
// the CQL types of the columns (text, int) and back, with no server: what
// gocql would send for them.
func TestBoundValuesMarshal(t *testing.T) {
	sc := nostos.Schema{Key: []string{"id"}, Fields: []string{"a"}}
	bs, err := keyBatches(cqlText{ks: "ks"}, "t_v1", sc, nostos.Entry{Key: []byte("clé"), Value: record(`"v"`)}, defaultBatchBytes)
	if err != nil {
		t.Fatal(err)
	}
	text := gocql.NewNativeType(4, gocql.TypeText, "")
	integer := gocql.NewNativeType(4, gocql.TypeInt, "")
	types := [][]gocql.TypeInfo{{text, integer}, {text, text, text}}
	for i, s := range bs[0].Stmts {
		for j, a := range s.Args {
			b, err := gocql.Marshal(types[i][j], a)
			if err != nil {
				t.Fatalf("stmt %d arg %d: %v", i, j, err)
			}
			switch a.(type) {
			case string:
				var back string
				if err := gocql.Unmarshal(types[i][j], b, &back); err != nil || back != a {
					t.Errorf("text %q → %q, %v", a, back, err)
				}
			case int:
				var back int
				if err := gocql.Unmarshal(types[i][j], b, &back); err != nil || back != a || !bytes.Equal(b, []byte{0, 0, 0, 1}) {
					t.Errorf("int %v → %x → %v, %v", a, b, back, err)
				}
			}
		}
	}
}

// TestWriteAllPool: every batch is written once, never more than the
// concurrency limit at a time, and the first failure is returned.
func TestWriteAllPool(t *testing.T) {
	sc := nostos.Schema{Key: []string{"id"}, Fields: []string{"a"}}
	var entries []nostos.Entry
	for i := range 500 {
		entries = append(entries, nostos.Entry{Key: fmt.Appendf(nil, "k%03d", i), Value: record(fmt.Sprint(i))})
	}
	var mu sync.Mutex
	seen := map[string]int{}
	var inFlight, peak atomic.Int32
	exec := func(ctx context.Context, b batch) error {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
		}
		mu.Lock()
		seen[b.Key]++
		mu.Unlock()
		return nil
	}
	var bytes atomic.Int64
	if err := writeAll(context.Background(), cqlText{ks: "ks"}, "t_v1", sc, entries, defaultBatchBytes, 4, exec, &bytes); err != nil {
		t.Fatal(err)
	}
	if len(seen) != 500 || peak.Load() > 4 || bytes.Load() == 0 {
		t.Errorf("%d keys, peak %d in flight, %d bytes", len(seen), peak.Load(), bytes.Load())
	}
	for k, n := range seen {
		if n != 1 {
			t.Errorf("key %s written %d times", k, n)
		}
	}
	boom := errors.New("boom")
	err := writeAll(context.Background(), cqlText{ks: "ks"}, "t_v1", sc, entries, defaultBatchBytes, 4,
		func(_ context.Context, b batch) error {
			if b.Key == "k100" {
				return boom
			}
			return nil
		}, &bytes)
	if !errors.Is(err, boom) {
		t.Errorf("err = %v, want boom", err)
	}
}

func TestTokenRanges(t *testing.T) {
	for _, n := range []int{1, 3, 64} {
		rs := tokenRanges(n)
		if len(rs) != n || rs[0][0] != -1<<63 || rs[n-1][1] != 1<<63-1 {
			t.Fatalf("%d ranges: %v", n, rs)
		}
		for i := 1; i < n; i++ {
			if rs[i][0] != rs[i-1][1]+1 || rs[i][0] > rs[i][1] {
				t.Errorf("ranges %d, %d: %v %v", i-1, i, rs[i-1], rs[i])
			}
		}
	}
}

func TestPruneAndRollbackChoice(t *testing.T) {
	for _, c := range []struct {
		vs           []int
		active, keep int
		want         []int
	}{
		{[]int{1, 2, 3, 4}, 4, 3, []int{1}},
		{[]int{1, 2, 3, 4}, 2, 2, []int{1, 3}},
		{[]int{5}, 5, 1, nil},
		{[]int{1, 2, 3}, 3, 0, []int{1, 2}},
	} {
		if got := nostos.PruneList(c.vs, c.active, c.keep); !cmp.Equal(got, c.want) {
			t.Errorf("PruneList(%v, %d, %d) = %v, want %v", c.vs, c.active, c.keep, got, c.want)
		}
	}
	if v, err := rollbackTarget([]int{2, 3, 4}, 4, 0); v != 3 || err != nil {
		t.Errorf("rollback to previous: %d, %v", v, err)
	}
	if v, err := rollbackTarget([]int{2, 3, 4}, 4, 2); v != 2 || err != nil {
		t.Errorf("rollback to 2: %d, %v", v, err)
	}
	for _, c := range [][2]int{{2, 0}, {4, 9}} {
		if _, err := rollbackTarget([]int{2, 3, 4}, c[0], c[1]); !errors.Is(err, nostos.ErrNoVersion) {
			t.Errorf("rollbackTarget(active %d, to %d): %v", c[0], c[1], err)
		}
	}
}

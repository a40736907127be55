package nostos

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestExportRoundTrip(t *testing.T) {
	s := openStore(t)
	const n = 5000
	res := mustExport(t, s, &genRows{n: n, run: 1}, Spec{Dataset: "users", Key: []string{"id"}, Keep: 3,
		CountKeys: func(context.Context) (int64, error) { return n, nil }})
	if res.Version != 1 || res.Rows != n || res.Keys != n || res.Sampled != 1000 || res.Bytes == 0 {
		t.Fatalf("result %+v", res)
	}
	for id := range int64(n) {
		it := get(t, s, "users", fmt.Sprint(id), nil, 0)
		want := fmt.Sprintf(`{"name":"user-%d","score":%v,"run":1}`, id, float64(id)/4)
		if string(it.JSON) != want || it.Version != 1 {
			t.Fatalf("key %d: v%d %s, want %s", id, it.Version, it.JSON, want)
		}
	}
	if it := get(t, s, "users", "42", []string{"run", "name"}, 1); string(it.JSON) != `{"run":1,"name":"user-42"}` {
		t.Fatalf("selection: %s", it.JSON)
	}
	for _, c := range []struct {
		key     string
		fields  []string
		version int
		want    error
	}{
		{"nope", nil, 0, ErrNoKey}, {"1", []string{"zz"}, 0, ErrNoField}, {"1", nil, 7, ErrNoVersion},
	} {
		if _, err := s.Get(context.Background(), "users", c.key, c.fields, c.version); !errors.Is(err, c.want) {
			t.Errorf("Get(%q, %q, %d) = %v, want %v", c.key, c.fields, c.version, err, c.want)
		}
	}
	if _, err := s.Get(context.Background(), "other", "1", nil, 0); !errors.Is(err, ErrNoDataset) {
		t.Errorf("unknown dataset: %v", err)
	}
	if _, err := s.Get(context.Background(), "../etc", "1", nil, 0); !errors.Is(err, ErrBadName) {
		t.Errorf("bad name: %v", err)
	}
}

func TestExportWrongCount(t *testing.T) {
	s := openStore(t)
	_, err := Export(context.Background(), &genRows{n: 100}, s, Spec{Dataset: "d", Key: []string{"id"},
		CountKeys: func(context.Context) (int64, error) { return 101, nil }})
	if !errors.Is(err, ErrVerify) {
		t.Fatalf("err = %v, want ErrVerify", err)
	}
	if _, err := s.Dataset(context.Background(), "d"); !errors.Is(err, ErrNoDataset) {
		t.Fatalf("refused version is visible: %v", err)
	}
	assertFiles(t, s, "d", nil)
}

func TestExportListAndComposite(t *testing.T) {
	s := openStore(t)
	rows := &sliceRows{cols: []string{"country", "city", "seq", "name"}, rows: [][]any{
		{"fr", "paris", int64(2), "b"}, {"de", "berlin", int64(1), "x"}, {"fr", "paris", int64(1), "a"},
		{"fr", "a,b\\c", int64(1), "odd"}, {"fr", "paris", int64(3), "c"},
	}}
	res := mustExport(t, s, rows, Spec{Dataset: "cities", Key: []string{"country", "city"}, Fields: []string{"name", "seq"}, Collect: "list"})
	if res.Keys != 3 || res.Rows != 5 {
		t.Fatalf("%+v", res)
	}
	// Lists keep input order.
	if it := get(t, s, "cities", "fr,paris", nil, 0); string(it.JSON) != `[{"name":"b","seq":2},{"name":"a","seq":1},{"name":"c","seq":3}]` {
		t.Fatalf("list: %s", it.JSON)
	}
	if it := get(t, s, "cities", KeyString([]string{"fr", "a,b\\c"}), []string{"name"}, 0); string(it.JSON) != `[{"name":"odd"}]` {
		t.Fatalf("escaped key: %s", it.JSON)
	}
	_, err := Export(context.Background(), &sliceRows{cols: rows.cols, rows: rows.rows}, s,
		Spec{Dataset: "cities", Key: []string{"country", "city"}})
	if !errors.Is(err, ErrDuplicateKey) {
		t.Fatalf("duplicate keys without collect: %v", err)
	}
	if d, _ := s.Dataset(context.Background(), "cities"); d.Active != 1 {
		t.Fatalf("active after a refused export: %+v", d)
	}
	_, err = Export(context.Background(), &sliceRows{cols: rows.cols, rows: [][]any{{nil, "x", int64(1), "n"}}}, s,
		Spec{Dataset: "cities", Key: []string{"country", "city"}})
	if err == nil || !strings.Contains(err.Error(), "NULL") {
		t.Fatalf("NULL key: %v", err)
	}
	assertFiles(t, s, "cities", []string{"v000001.db"})
}

// TestExportSpills sorts through many small runs on disk.
func TestExportSpills(t *testing.T) {
	s := openStore(t)
	const n = 20011
	res := mustExport(t, s, &genRows{n: n, run: 9}, Spec{Dataset: "big", Key: []string{"id"}, SortBytes: 16 << 10, Batch: 777, Sample: n})
	if res.Spilled == 0 || res.Keys != n || res.Sampled != n {
		t.Fatalf("%+v", res)
	}
	for _, id := range []int{0, 1, n / 2, n - 1} {
		if it := get(t, s, "big", fmt.Sprint(id), []string{"name"}, 0); string(it.JSON) != fmt.Sprintf(`{"name":"user-%d"}`, id) {
			t.Fatalf("%d: %s", id, it.JSON)
		}
	}
	ents, _ := os.ReadDir(s.Root())
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".sortrun") {
			t.Fatalf("run file left: %s", e.Name())
		}
	}
}

func TestVersionsKeepRollback(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	spec := Spec{Dataset: "d", Key: []string{"id"}, Keep: 3}
	if next, drops, err := NextVersion(ctx, s, "d", 3); next != 1 || drops != nil || err != nil {
		t.Fatalf("NextVersion on nothing: %d %v %v", next, drops, err)
	}
	for run := int64(1); run <= 5; run++ {
		res := mustExport(t, s, &genRows{n: 50, run: run}, spec)
		wantDrop := []int(nil)
		if run > 3 {
			wantDrop = []int{int(run) - 3}
		}
		if res.Version != int(run) || !slices.Equal(res.Dropped, wantDrop) {
			t.Fatalf("run %d: %+v", run, res)
		}
	}
	assertFiles(t, s, "d", []string{"v000003.db", "v000004.db", "v000005.db"})
	if next, drops, _ := NextVersion(ctx, s, "d", 3); next != 6 || !slices.Equal(drops, []int{3}) {
		t.Fatalf("NextVersion: %d %v", next, drops)
	}
	run := func(v int) string { return string(get(t, s, "d", "7", []string{"run"}, v).JSON) }
	if run(0) != `{"run":5}` || run(3) != `{"run":3}` {
		t.Fatalf("reads: %s %s", run(0), run(3))
	}
	if v, err := s.Rollback(ctx, "d", 0); v != 4 || err != nil || run(0) != `{"run":4}` {
		t.Fatalf("rollback: %d %v %s", v, err, run(0))
	}
	if v, err := s.Rollback(ctx, "d", 3); v != 3 || err != nil || run(0) != `{"run":3}` {
		t.Fatalf("rollback --to 3: %d %v", v, err)
	}
	if _, err := s.Rollback(ctx, "d", 0); !errors.Is(err, ErrNoVersion) {
		t.Fatalf("rollback past the oldest: %v", err)
	}
	if _, err := s.Rollback(ctx, "d", 1); !errors.Is(err, ErrNoVersion) {
		t.Fatalf("rollback to a dropped version: %v", err)
	}
	// With v3 active, the next export writes v6 and keeps 6, 5 and 4.
	if next, drops, _ := NextVersion(ctx, s, "d", 3); next != 6 || !slices.Equal(drops, []int{3}) {
		t.Fatalf("NextVersion after rollback: %d %v", next, drops)
	}
	// Pruning with an old version active keeps it.
	if drops, _ := s.Prune(ctx, "d", 1); !slices.Equal(drops, []int{4, 5}) {
		t.Fatalf("prune keep 1 with v3 active: %v", drops)
	}
	d, _ := s.Dataset(ctx, "d")
	if d.Active != 3 || len(d.Versions) != 1 || d.Last != 5 {
		t.Fatalf("%+v", d)
	}
	if res := mustExport(t, s, &genRows{n: 50, run: 6}, spec); res.Version != 6 {
		t.Fatalf("version numbers are reused: %+v", res)
	}
}

// TestCrashBeforeCommit: a writer that dies after writing (no commit, no
// abort) leaves a file that readers never see and the next export removes.
func TestCrashBeforeCommit(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	mustExport(t, s, &genRows{n: 100, run: 1}, Spec{Dataset: "d", Key: []string{"id"}})
	w, err := s.Begin(ctx, "d", Schema{Key: []string{"id"}, Fields: []string{"run"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(ctx, []Entry{{Key: []byte("1"), Value: EncodeRecord(nil, [][]byte{[]byte("2")})}}); err != nil {
		t.Fatal(err)
	}
	// What SIGKILL does: the file stays, the kernel drops the lock.
	ew := w.(*embeddedWriter)
	ew.db.Close()
	ew.unlock()
	assertFiles(t, s, "d", []string{"v000001.db", "v000002.db"})
	if it := get(t, s, "d", "1", []string{"run"}, 0); it.Version != 1 || string(it.JSON) != `{"run":1}` {
		t.Fatalf("after the crash: v%d %s", it.Version, it.JSON)
	}
	res := mustExport(t, s, &genRows{n: 100, run: 3}, Spec{Dataset: "d", Key: []string{"id"}, Keep: 3})
	if res.Version != 2 {
		t.Fatalf("%+v", res)
	}
	assertFiles(t, s, "d", []string{"v000001.db", "v000002.db"})
	if it := get(t, s, "d", "1", []string{"run"}, 0); it.Version != 2 || string(it.JSON) != `{"run":3}` {
		t.Fatalf("after the next export: v%d %s", it.Version, it.JSON)
	}
}

// TestReaderDuringExport: a reader polling while exports run sees, for
// every key, a whole record of one committed version, never an error.
func TestReaderDuringExport(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	reader, err := OpenEmbedded(s.Root()) // a separate Store, as quill serve would have
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	spec := Spec{Dataset: "d", Key: []string{"id"}, Keep: 1}
	mustExport(t, s, &genRows{n: 3000, run: 1}, spec)
	done := make(chan struct{})
	errc := make(chan error, 1)
	go func() {
		defer close(errc)
		for i := 0; ; i++ {
			select {
			case <-done:
				return
			default:
			}
			it, err := reader.Get(ctx, "d", fmt.Sprint(i%3000), nil, 0)
			if err != nil {
				errc <- err
				return
			}
			var rec struct{ Run int }
			if err := json.Unmarshal(it.JSON, &rec); err != nil || rec.Run != it.Version {
				errc <- fmt.Errorf("v%d served %s", it.Version, it.JSON)
				return
			}
		}
	}()
	for run := int64(2); run <= 6; run++ {
		mustExport(t, s, &genRows{n: 3000, run: run}, spec)
	}
	close(done)
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
}

func assertFiles(t *testing.T, s *Embedded, ds string, want []string) {
	t.Helper()
	ents, err := os.ReadDir(filepath.Join(s.Root(), ds))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range ents {
		if strings.HasSuffix(e.Name(), ".db") {
			got = append(got, e.Name())
		}
	}
	if !slices.Equal(got, want) {
		t.Fatalf("files of %s: %v, want %v", ds, got, want)
	}
}

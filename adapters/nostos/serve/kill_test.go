package serve

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/quill-etl/quill/adapters/nostos"
)

// runRows yields n rows (id, run) in scrambled key order.
type runRows struct{ n, i, run int64 }

func (g *runRows) Columns() []string { return []string{"id", "name", "run"} }
func (g *runRows) Next() ([]any, error) {
	if g.i == g.n {
		return nil, io.EOF
	}
	id := (g.i * 7919) % g.n
	g.i++
	return []any{id, fmt.Sprintf("name-%d", id), g.run}, nil
}

const killKeys = 200_000

// exportOnce is one export of the kill test's dataset, whose "run" field is
// the version being written, so a reader can tell a mixed answer.
func exportOnce(ctx context.Context, s *nostos.Embedded) (nostos.Result, error) {
	next, _, err := nostos.NextVersion(ctx, s, "kv", 2)
	if err != nil {
		return nostos.Result{}, err
	}
	return nostos.Export(ctx, &runRows{n: killKeys, run: int64(next)}, s, nostos.Spec{Dataset: "kv", Key: []string{"id"}, Keep: 2})
}

// TestKillChild is the child process of TestKillDuringExport: it exports
// again and again until killed. It does nothing in a normal test run.
func TestKillChild(t *testing.T) {
	dir := os.Getenv("QUILL_NOSTOS_KILL_DIR")
	if dir == "" {
		t.Skip("child of TestKillDuringExport")
	}
	s, err := nostos.OpenEmbedded(dir)
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := exportOnce(context.Background(), s); err != nil {
			t.Fatal(err)
		}
	}
}

// TestKillDuringExport kills (SIGKILL) a process exporting a dataset at
// random instants, several times, while a reader polls the API over HTTP:
// every answer must be a 200 with a whole record of one committed version,
// versions never go back, and the next export succeeds and leaves only the
// kept version files.
func TestKillDuringExport(t *testing.T) {
	if testing.Short() {
		t.Skip("kills child processes for several seconds")
	}
	ctx := context.Background()
	dir := t.TempDir()
	s, err := nostos.OpenEmbedded(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := exportOnce(ctx, s); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(NewHandler(s, Options{}))
	defer srv.Close()

	stop := make(chan struct{})
	var reads atomic.Int64
	readErr := make(chan error, 1)
	go func() { readErr <- pollAPI(srv.URL, stop, &reads) }()

	kills, midExport := 6, 0
	for i := range kills {
		cmd := exec.Command(os.Args[0], "-test.run=^TestKillChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), "QUILL_NOSTOS_KILL_DIR="+dir)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(150+rand.IntN(1200)) * time.Millisecond)
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		_ = cmd.Wait()
		if d, err := s.Dataset(ctx, "kv"); err == nil {
			if _, err := os.Stat(filepath.Join(dir, "kv", fmt.Sprintf("v%06d.db", d.Last+1))); err == nil {
				midExport++
			}
			t.Logf("kill %d: active v%d, partial file left: %v", i+1, d.Active, err == nil)
		}
	}
	res, err := exportOnce(ctx, s)
	if err != nil {
		t.Fatalf("export after the kills: %v", err)
	}
	time.Sleep(100 * time.Millisecond) // let the reader see the last version
	close(stop)
	if err := <-readErr; err != nil {
		t.Fatal(err)
	}
	t.Logf("%d kills (%d left a partial version), %d reads, all whole; final export v%d", kills, midExport, reads.Load(), res.Version)
	if midExport == 0 {
		t.Errorf("no kill landed during an export; the test proved nothing")
	}
	ents, _ := os.ReadDir(filepath.Join(dir, "kv"))
	var files []string
	for _, e := range ents {
		if strings.HasSuffix(e.Name(), ".db") || strings.HasPrefix(e.Name(), ".manifest-") {
			files = append(files, e.Name())
		}
	}
	want := []string{fmt.Sprintf("v%06d.db", res.Version-1), fmt.Sprintf("v%06d.db", res.Version)}
	if fmt.Sprint(files) != fmt.Sprint(want) {
		t.Fatalf("files left: %v, want %v", files, want)
	}
}

// pollAPI reads random keys until stop, checking each answer.
func pollAPI(base string, stop chan struct{}, reads *atomic.Int64) error {
	client := &http.Client{Timeout: 5 * time.Second}
	last := 0
	for {
		select {
		case <-stop:
			return nil
		default:
		}
		id := rand.IntN(killKeys)
		resp, err := client.Get(fmt.Sprintf("%s/v1/datasets/kv/keys/%d", base, id))
		if err != nil {
			return err
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			return fmt.Errorf("key %d: %d %s", id, resp.StatusCode, body)
		}
		var r struct {
			Version int
			Value   struct {
				Name string
				Run  int
			}
		}
		if err := json.Unmarshal(body, &r); err != nil {
			return fmt.Errorf("key %d: %v: %s", id, err, body)
		}
		if r.Value.Run != r.Version || r.Value.Name != fmt.Sprintf("name-%d", id) || r.Version < last {
			return fmt.Errorf("key %d: mixed or stale answer after v%d: %s", id, last, body)
		}
		last = r.Version
		reads.Add(1)
	}
}

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestDocs runs `quill docs` in-process on the docsite fixture project with
// the last run's results in target/, and checks what it says and writes.
// The pages themselves are tested in a browser in package docsite.
func TestDocs(t *testing.T) {
	src := filepath.Join("..", "..", "docsite", "testdata", "shop")
	tmp := copyProject(t, src)
	if err := os.MkdirAll(filepath.Join(tmp, "target"), 0o755); err != nil {
		t.Fatal(err)
	}
	runs, err := os.ReadFile(filepath.Join(src, "run_results.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(tmp, "target", "run_results.json"), runs, 0o644); err != nil {
		t.Fatal(err)
	}

	stdout, stderr, code := runQuill(t, []string{"docs", "--project", tmp}, nil)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if !strings.HasPrefix(stdout, "Wrote docs for shop: 6 nodes, 5 edges in ") {
		t.Errorf("stdout: %q", stdout)
	}
	for _, f := range []string{"manifest.json", "docs/index.html", "docs/data.js", "docs/assets/js/app.js", "docs/assets/style.css"} {
		if _, err := os.Stat(filepath.Join(tmp, "target", f)); err != nil {
			t.Errorf("target/%s: %v", f, err)
		}
	}
	data, err := os.ReadFile(filepath.Join(tmp, "target", "docs", "data.js"))
	if err != nil || !strings.Contains(string(data), `"run":{"id":"20261125T101500Z-3fa2c1"`) {
		t.Errorf("data.js lacks the last run (%v)", err)
	}

	out := filepath.Join(t.TempDir(), "site")
	stdout, stderr, code = runQuill(t, []string{"docs", "--project", tmp, "--out", out, "--json"}, nil)
	if code != 0 {
		t.Fatalf("--out --json: exit %d\n%s", code, stderr)
	}
	var report struct {
		Nodes   int    `json:"nodes"`
		Index   string `json:"index"`
		WithRun bool   `json:"with_run"`
	}
	if err := json.Unmarshal([]byte(stdout), &report); err != nil {
		t.Fatalf("%v: %q", err, stdout)
	}
	if report.Nodes != 6 || report.Index != filepath.Join(out, "index.html") || !report.WithRun {
		t.Errorf("report %+v", report)
	}
	if _, err := os.Stat(report.Index); err != nil {
		t.Error(err)
	}
}

// TestDocsBadRunResults: a run_results.json that is not one is the user's
// problem to fix, reported with its path, not a crash.
func TestDocsBadRunResults(t *testing.T) {
	tmp := copyProject(t, filepath.Join("..", "..", "docsite", "testdata", "shop"))
	if err := os.MkdirAll(filepath.Join(tmp, "target"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(tmp, "target", "run_results.json"), []byte("{"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := runQuill(t, []string{"docs", "--project", tmp}, nil)
	if code != exitUser || !strings.Contains(stderr, "run_results.json") {
		t.Errorf("exit %d, stderr %q; want %d naming run_results.json", code, stderr, exitUser)
	}
}

// lockedBuffer is an io.Writer the test reads while the command writes.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestDocsServe serves the site on a free port, fetches index.html and
// data.js, and stops when the context ends, as on Ctrl-C.
func TestDocsServe(t *testing.T) {
	tmp := copyProject(t, filepath.Join("..", "..", "docsite", "testdata", "shop"))
	stdout, stderr := &lockedBuffer{}, &lockedBuffer{}
	e := &env{Stdin: strings.NewReader(""), Stdout: stdout, Stderr: stderr, Vars: map[string]string{}, Now: time.Now}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	code := make(chan int, 1)
	go func() { code <- run(ctx, []string{"docs", "--project", tmp, "--serve", "--addr", "127.0.0.1:0"}, e) }()
	re := regexp.MustCompile(`on (http://127\.0\.0\.1:\d+/)`)
	var base string
	for deadline := time.Now().Add(time.Minute); base == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := re.FindStringSubmatch(stdout.String()); m != nil {
			base = m[1]
		}
	}
	if base == "" {
		t.Fatalf("no address printed; stdout %q stderr %q", stdout.String(), stderr.String())
	}
	for _, path := range []string{"", "data.js", "assets/js/app.js"} {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET /%s: %s", path, resp.Status)
		}
	}
	cancel()
	select {
	case c := <-code:
		if c != 0 {
			t.Errorf("exit %d after Ctrl-C; stderr %q", c, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("still serving after the context ended")
	}
}

// TestDocsLastRunFromTarget reads each node's last run and checks from the
// target's quill_meta when --target is given (no run_results.json needed).
func TestDocsLastRunFromTarget(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	mustRun(t, 0, "init", dir)
	mustRun(t, 0, "apply", "--project", dir)
	if err := os.Remove(filepath.Join(dir, "target", "run_results.json")); err != nil {
		t.Fatal(err)
	}
	stdout, _ := mustRun(t, 0, "docs", "--project", dir, "--target", "dev", "--json")
	if !strings.Contains(stdout, `"with_run": true`) {
		t.Errorf("docs did not find the last run:\n%s", stdout)
	}
	data, err := os.ReadFile(filepath.Join(dir, "target", "docs", "data.js"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"status":"success"`, `"rule":"declared"`} {
		if !strings.Contains(string(data), want) {
			t.Errorf("data.js lacks %s", want)
		}
	}
}

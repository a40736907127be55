package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/quill-etl/quill/adapters/nostos"
)

// rowsOf is a nostos.Rows over fixed rows.
type rowsOf struct {
	cols []string
	rows [][]any
}

func (r *rowsOf) Columns() []string { return r.cols }
func (r *rowsOf) Next() ([]any, error) {
	if len(r.rows) == 0 {
		return nil, io.EOF
	}
	row := r.rows[0]
	r.rows = r.rows[1:]
	return row, nil
}

// exportRuns exports runs versions of dataset "users" into a project's
// store, the way apply's sink step will.
func exportRuns(t *testing.T, project string, runs int) {
	t.Helper()
	s, err := nostos.OpenEmbedded(nostosDir(project))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for run := 1; run <= runs; run++ {
		rows := &rowsOf{cols: []string{"id", "email", "run"}}
		for id := int64(1); id <= 10; id++ {
			rows.rows = append(rows.rows, []any{id, fmt.Sprintf("u%d@x.io", id), int64(run)})
		}
		if _, err := nostos.Export(context.Background(), rows, s, nostos.Spec{Dataset: "users", Key: []string{"id"}, Keep: 3}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestNostosListRollback(t *testing.T) {
	dir := t.TempDir()
	exportRuns(t, dir, 4)
	out, errOut, code := runQuill(t, []string{"nostos", "list", "users", "--project", dir}, nil)
	if code != 0 || !regexp.MustCompile(`(?m)^v4\s+\*\s+\S+\s+10\s+10\s+\d+\s+email,run$`).MatchString(out) ||
		!strings.Contains(out, "v2 ") || strings.Contains(out, "v1 ") {
		t.Fatalf("list: %d\n%s%s", code, out, errOut)
	}
	out, _, code = runQuill(t, []string{"nostos", "list", "--project", dir}, nil)
	if code != 0 || !regexp.MustCompile(`users\s+v4\s+v4 v3 v2\s+10`).MatchString(out) {
		t.Fatalf("list all: %d\n%s", code, out)
	}
	out, _, code = runQuill(t, []string{"nostos", "rollback", "users", "--project", dir}, nil)
	if code != 0 || out != "users: v3 is active (was v4)\n" {
		t.Fatalf("rollback: %d %q", code, out)
	}
	out, _, code = runQuill(t, []string{"nostos", "rollback", "users", "--to", "4", "--project", dir, "--json"}, nil)
	if code != 0 || !strings.Contains(out, `"active": 4`) {
		t.Fatalf("rollback --to 4: %d %q", code, out)
	}
	for _, args := range [][]string{
		{"nostos", "rollback", "users", "--to", "1"}, {"nostos", "list", "nope"}, {"nostos", "rollback", "nope"},
	} {
		_, errOut, code := runQuill(t, append(args, "--project", dir), nil)
		if code != 1 || !strings.Contains(errOut, "no such") {
			t.Errorf("%v: %d %q", args, code, errOut)
		}
	}
}

// syncBuffer is a bytes.Buffer safe to read while the server writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestServe runs quill serve on a loopback port, reads a key with the
// token, sees a rollback take effect, and stops it by cancelling.
func TestServe(t *testing.T) {
	dir := t.TempDir()
	exportRuns(t, dir, 2)
	tok := filepath.Join(dir, "token")
	if err := os.WriteFile(tok, []byte("t0ken-123\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr syncBuffer
	e := &env{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr, Vars: map[string]string{}, Now: time.Now}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--token-file", tok, "--project", dir}, e)
	}()
	var base string
	for deadline := time.Now().Add(10 * time.Second); base == ""; time.Sleep(10 * time.Millisecond) {
		if m := regexp.MustCompile(`on (http://\S+) `).FindStringSubmatch(stdout.String()); m != nil {
			base = m[1]
		} else if time.Now().After(deadline) {
			t.Fatalf("no address: %s %s", stdout.String(), stderr.String())
		}
	}
	getKey := func(auth string) (int, string) {
		req, _ := http.NewRequest("GET", base+"/v1/datasets/users/keys/3?fields=run", nil)
		if auth != "" {
			req.Header.Set("Authorization", "Bearer "+auth)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := getKey("t0ken-123"); code != 200 || !strings.Contains(body, `"version":2,"key":"3","value":{"run":2}`) {
		t.Fatalf("%d %s", code, body)
	}
	if code, _ := getKey(""); code != 401 {
		t.Fatalf("without the token: %d", code)
	}
	if _, _, code := runQuill(t, []string{"nostos", "rollback", "users", "--project", dir}, nil); code != 0 {
		t.Fatal("rollback failed")
	}
	if code, body := getKey("t0ken-123"); code != 200 || !strings.Contains(body, `"value":{"run":1}`) {
		t.Fatalf("after rollback: %d %s", code, body)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 || !strings.Contains(stdout.String(), "stopped") {
			t.Fatalf("exit %d: %s %s", code, stdout.String(), stderr.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop")
	}
	if code := run(context.Background(), []string{"serve", "--token-file", filepath.Join(dir, "missing")}, e); code != 1 {
		t.Fatalf("missing token file: exit %d", code)
	}
}

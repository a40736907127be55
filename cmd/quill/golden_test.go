package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the want/ files of testdata/projects")

// exec is a case's optional exec.json.
type execSpec struct {
	Args []string          `json:"args"` // default: plan
	Env  map[string]string `json:"env"`
	Exit int               `json:"exit"` // expected exit code
}

// TestProjects runs quill in-process over every testdata/projects/<case>
// and compares stdout (text and --json), stderr and the manifest with the
// case's want/ files.
func TestProjects(t *testing.T) {
	root := filepath.Join("..", "..", "testdata", "projects")
	cases, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		if !c.IsDir() {
			continue
		}
		dir := filepath.Join(root, c.Name())
		t.Run(c.Name(), func(t *testing.T) {
			t.Parallel()
			spec := readExec(t, dir)
			tmp := copyProject(t, dir)
			for _, mode := range []string{"txt", "json"} {
				args := append(append([]string{}, spec.Args...), "--project", tmp)
				if mode == "json" {
					args = append(args, "--json")
				}
				stdout, stderr, code := runQuill(t, args, spec.Env)
				if code != spec.Exit {
					t.Errorf("%s: exit %d, want %d\nstderr:\n%s", mode, code, spec.Exit, stderr)
				}
				stdout = strings.ReplaceAll(stdout, tmp, "$PROJECT")
				stderr = strings.ReplaceAll(stderr, tmp, "$PROJECT")
				golden(t, filepath.Join(dir, "want", "stdout."+mode), stdout)
				golden(t, filepath.Join(dir, "want", "stderr."+mode), stderr)
			}
			if m, err := os.ReadFile(filepath.Join(tmp, "target", "manifest.json")); err == nil {
				golden(t, filepath.Join(dir, "want", "manifest.json"), string(m))
			}
		})
	}
}

func readExec(t *testing.T, dir string) execSpec {
	spec := execSpec{Args: []string{"plan"}}
	b, err := os.ReadFile(filepath.Join(dir, "exec.json"))
	if err != nil {
		return spec
	}
	if err := json.Unmarshal(b, &spec); err != nil {
		t.Fatalf("exec.json: %v", err)
	}
	return spec
}

// copyProject copies a case (without want/ and exec.json) to a temp dir, so
// runs write their artifacts there and cases can run in parallel.
func copyProject(t *testing.T, dir string) string {
	tmp := t.TempDir()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if rel == "want" || rel == "exec.json" {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(tmp, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(tmp, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return tmp
}

// runQuill runs the CLI in-process with a fixed clock and no terminal.
func runQuill(t testing.TB, args []string, vars map[string]string) (string, string, int) {
	var stdout, stderr bytes.Buffer
	if vars == nil {
		vars = map[string]string{}
	}
	e := &env{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr, Vars: vars,
		Now: func() time.Time { return time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC) }}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	code := run(ctx, args, e)
	return stdout.String(), stderr.String(), code
}

// golden compares got with the file, or rewrites it with -update. A missing
// file means the output must be empty.
func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if got == "" {
			os.Remove(path)
			return
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	w := strings.ReplaceAll(string(want), "\r\n", "\n")
	if d := cmp.Diff(w, got); d != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", path, d)
	}
}

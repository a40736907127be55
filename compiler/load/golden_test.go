package load

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/quill-etl/quill/models/diag"
)

var update = flag.Bool("update", false, "rewrite testdata/<case>/want.* files")

// readCase returns the *.hcl files of a golden case keyed by their names (as
// a project root would hold them) and the case's options.
func readCase(t testing.TB, dir string) (map[string][]byte, Options) {
	t.Helper()
	files := map[string][]byte{}
	paths, _ := filepath.Glob(filepath.Join(dir, "*.hcl"))
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		files[filepath.Base(p)] = b
	}
	var opts Options
	if b, err := os.ReadFile(filepath.Join(dir, "options.json")); err == nil {
		if err := json.Unmarshal(b, &struct {
			Env  *map[string]string `json:"env"`
			Vars *map[string]string `json:"vars"`
		}{&opts.Env, &opts.Vars}); err != nil {
			t.Fatal(err)
		}
	}
	return files, opts
}

// TestGolden loads each testdata/<case> and compares the Config (as JSON)
// with want.json and the diagnostics (short form) with want.stderr.
func TestGolden(t *testing.T) {
	dirs, _ := filepath.Glob("testdata/*")
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			files, opts := readCase(t, dir)
			cfg, ds := Load(files, opts)
			gotJSON, err := json.MarshalIndent(cfg, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			gotJSON = append(gotJSON, '\n')
			var stderr bytes.Buffer
			if err := diag.WriteShort(&stderr, ds); err != nil {
				t.Fatal(err)
			}
			compareGolden(t, filepath.Join(dir, "want.json"), gotJSON)
			compareGolden(t, filepath.Join(dir, "want.stderr"), stderr.Bytes())
		})
	}
}

func compareGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	norm := func(b []byte) string { return strings.ReplaceAll(string(b), "\r\n", "\n") }
	if d := cmp.Diff(norm(want), norm(got)); d != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", path, d)
	}
}

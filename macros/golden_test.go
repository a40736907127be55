package macros

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

var update = flag.Bool("update", false, "rewrite testdata/<case>/{output.sql,sourcemap.json,stderr.txt}")

// Golden cases are expanded as the model "models/m/input.sql" with the
// case's macros.sql as "macros/macros.sql".
const (
	modelFile = "models/m/input.sql"
	macroFile = "macros/macros.sql"
)

// caseEnv is the Env of every golden case; env.json may override parts.
func caseEnv(t *testing.T, dir string) Env {
	env := Env{This: "dev_m.input", TargetName: "dev", TargetAdapter: "duckdb", SchemaPrefix: "dev_",
		Vars: map[string]string{"day": "2026-01-01", "n": "1"}, Environ: map[string]string{"USER": "alice"}}
	if b, err := os.ReadFile(filepath.Join(dir, "env.json")); err == nil {
		if err := json.Unmarshal(b, &env); err != nil {
			t.Fatal(err)
		}
	}
	return env
}

func TestGolden(t *testing.T) {
	dirs, _ := filepath.Glob("testdata/*")
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			src, err := os.ReadFile(filepath.Join(dir, "input.sql"))
			if err != nil {
				t.Fatal(err)
			}
			libFiles := map[string][]byte{}
			if b, err := os.ReadFile(filepath.Join(dir, "macros.sql")); err == nil {
				libFiles[macroFile] = b
			}
			lib, ds := ParseLibrary(libFiles)
			out, sm, eds := Expand(modelFile, src, lib, caseEnv(t, dir))
			ds = append(ds, eds...)
			checkMap(t, src, out, sm.Segments)
			smJSON, _ := json.MarshalIndent(sm, "", "  ")
			var stderr bytes.Buffer
			files := diag.Files{modelFile: src, macroFile: libFiles[macroFile]}
			if err := diag.WriteText(&stderr, ds, files, false); err != nil {
				t.Fatal(err)
			}
			compareGolden(t, filepath.Join(dir, "output.sql"), []byte(out))
			compareGolden(t, filepath.Join(dir, "sourcemap.json"), append(smJSON, '\n'))
			compareGolden(t, filepath.Join(dir, "stderr.txt"), stderr.Bytes())
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

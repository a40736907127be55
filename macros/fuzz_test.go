package macros

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzExpand: arbitrary models and macro files must never panic, and the
// source map must always be valid.
func FuzzExpand(f *testing.F) {
	dirs, _ := filepath.Glob("testdata/*")
	for _, d := range dirs {
		in, _ := os.ReadFile(filepath.Join(d, "input.sql"))
		lib, _ := os.ReadFile(filepath.Join(d, "macros.sql"))
		f.Add(in, lib)
	}
	f.Fuzz(func(t *testing.T, src, libSrc []byte) {
		lib, _ := ParseLibrary(map[string][]byte{"macros/m.sql": libSrc})
		out, sm, _ := Expand("m.sql", src, lib, testEnv())
		checkMap(t, src, out, sm.Segments)
		UsesIsIncremental(src, lib)
	})
}

package load

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzLoad feeds arbitrary bytes as a project file: Load must never panic,
// and every diagnostic must be inside the file.
func FuzzLoad(f *testing.F) {
	paths, _ := filepath.Glob("testdata/*/*.hcl")
	for _, p := range paths {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(head + "source \"external\" \"r.e\" { freshness { column = \"at\"  max_age = \"1h\" } }"))
	f.Fuzz(func(t *testing.T, src []byte) {
		_, ds := Load(map[string][]byte{"f.hcl": src}, Options{Env: map[string]string{"X": "1"}})
		for _, d := range ds {
			if d.Subject != nil && (d.Subject.Start.Byte > len(src) || d.Subject.Start.Line < 1) {
				t.Fatalf("subject outside file: %+v", d.Subject)
			}
		}
	})
}

package sqlparse

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzQuery runs every entry point on arbitrary text: nothing may panic,
// and every reported span must lie inside the input.
func FuzzQuery(f *testing.F) {
	files, _ := filepath.Glob("testdata/deps/*.sql")
	for _, file := range files {
		if b, err := os.ReadFile(file); err == nil {
			f.Add(string(b))
		}
	}
	for _, tc := range lineageCases {
		f.Add(tc.sql)
	}
	f.Add(benchModel)
	f.Fuzz(func(t *testing.T, sql string) {
		q, err := Parse(sql)
		if err != nil {
			se, ok := err.(*SyntaxError)
			if !ok || se.Offset < 0 || se.Offset > len(sql) {
				t.Fatalf("bad error %#v", err)
			}
			return
		}
		for _, r := range q.Relations() {
			if r.Offset < 0 || r.Len < 0 || r.Offset+r.Len > len(sql) {
				t.Fatalf("span %+v outside input", r)
			}
		}
		q.Columns(testCatalog)
		_, probs := q.Columns(nil)
		for _, p := range probs {
			if p.Offset < 0 || p.Offset > len(sql) {
				t.Fatalf("problem %+v outside input", p)
			}
		}
		_, _ = q.Rewrite(devPrefix)
		_ = q.Fingerprint()
	})
}

package sqlparse

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzQuery runs every entry point on arbitrary text: nothing may panic,
// and every reported span must lie inside the input.
func FuzzQuery(f *testing.F) {
	deps, _ := filepath.Glob("testdata/deps/*.sql")
	checks, _ := filepath.Glob("testdata/checks/*.sql")
	for _, file := range append(deps, checks...) {
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
		checkInferred(t, q.Checks(corpusCatalog, corpusKeys))
		checkInferred(t, q.Checks(nil, nil))
		_, _ = q.Rewrite(devPrefix)
		_ = q.Fingerprint()
	})
}

// checkInferred checks the shape of inferred checks: keys name columns,
// row counts an input.
func checkInferred(t *testing.T, cs []InferredCheck) {
	for _, c := range cs {
		switch c.Kind {
		case CheckPrimaryKey, CheckUnique:
			if len(c.Columns) == 0 || c.Rule == "" {
				t.Fatalf("bad key check %+v", c)
			}
		case CheckRowCount:
			if c.Of.Name == "" || (c.Op != "eq" && c.Op != "le") {
				t.Fatalf("bad row count check %+v", c)
			}
		default:
			t.Fatalf("unknown check %+v", c)
		}
	}
}

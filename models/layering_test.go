package models_test

import (
	"encoding/json"
	"io"
	"os/exec"
	"strings"
	"testing"
)

// TestLayering checks the import rules of docs/design.md: stages depend
// downwards only, pg_query_go is imported by compiler/sqlparse alone, raw HCL
// is decoded by compiler/load alone, and DuckDB is linked by adapters/duckdb
// alone.
func TestLayering(t *testing.T) {
	out, err := exec.Command("go", "list", "-e", "-json=ImportPath,Imports", "github.com/quill-etl/quill/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	const mod = "github.com/quill-etl/quill/"
	allowed := map[string][]string{ // package prefix → quill packages it may import
		"models":                     {"models"},
		"macros":                     {"models"},
		"compiler":                   {"models", "macros", "compiler", "adapters/cassandra/cql"},
		"planner":                    {"models", "planner"},
		"runtime":                    {"models", "planner", "adapters", "runtime"},
		"adapters":                   {"models", "adapters"},
		"adapters/cassandra/cql":     {"adapters/cassandra/cql"},
		"adapters/cassandra/sstable": {"adapters/cassandra/cql", "adapters/cassandra/sstable"},
	}
	only := map[string]string{ // third-party import → the one package allowed to use it
		"github.com/pganalyze/pg_query_go/v5":   "compiler/sqlparse",
		"github.com/hashicorp/hcl/v2/hclsyntax": "compiler/load",
		"github.com/hashicorp/hcl/v2/gohcl":     "compiler/load",
		"github.com/duckdb/duckdb-go/v2":        "adapters/duckdb",
	}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p struct {
			ImportPath string
			Imports    []string
		}
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		self := strings.TrimPrefix(p.ImportPath, mod)
		for _, imp := range p.Imports {
			if owner, ok := only[imp]; ok && self != owner {
				t.Errorf("%s imports %s; only %s may", self, imp, owner)
			}
			dep, ok := strings.CutPrefix(imp, mod)
			if !ok || strings.HasPrefix(self, "cmd/") || strings.HasSuffix(self, "test") {
				continue
			}
			if rule := longestRule(allowed, self); rule != nil && !hasPrefixIn(dep, rule) {
				t.Errorf("%s imports %s, which the layering does not allow", self, dep)
			}
		}
	}
}

func longestRule(rules map[string][]string, pkg string) []string {
	best := ""
	for k := range rules {
		if (pkg == k || strings.HasPrefix(pkg, k+"/")) && len(k) > len(best) {
			best = k
		}
	}
	if best == "" {
		return nil
	}
	return rules[best]
}

func hasPrefixIn(pkg string, prefixes []string) bool {
	for _, p := range prefixes {
		if pkg == p || strings.HasPrefix(pkg, p+"/") {
			return true
		}
	}
	return false
}

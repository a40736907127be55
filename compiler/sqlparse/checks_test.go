package sqlparse

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// checkCols is the column catalog of the checks corpus; raw.nocols has a
// key but unknown columns, raw.unknown nothing at all.
var checkCols = map[string][]string{
	"raw.users":     {"id", "name", "email", "country", "created_at"},
	"raw.orders":    {"id", "user_id", "amount", "status", "created_at"},
	"raw.items":     {"order_id", "line_no", "sku", "qty"},
	"raw.events":    {"user_id", "kind", "at", "payload", "tags"},
	"raw.countries": {"code", "name"},
	"raw.t":         {"a", "b", "c"},
}

// checkKeys is the key catalog of the corpus: a trailing "?" marks a key
// whose columns may be NULL.
var checkKeys = map[string][]string{
	"raw.users":     {"id", "email?"},
	"raw.orders":    {"id"},
	"raw.items":     {"order_id,line_no"},
	"raw.countries": {"code"},
	"raw.nocols":    {"id"},
}

func corpusCatalog(schema, name string) ([]CatalogColumn, bool) {
	cols, ok := checkCols[schema+"."+name]
	out := make([]CatalogColumn, len(cols))
	for i, c := range cols {
		out[i] = CatalogColumn{Name: c, Type: "text"}
	}
	return out, ok
}

func corpusKeys(schema, name string) []Key {
	var out []Key
	for _, k := range checkKeys[schema+"."+name] {
		nullable := strings.HasSuffix(k, "?")
		out = append(out, Key{Columns: strings.Split(strings.TrimSuffix(k, "?"), ","), NotNull: !nullable})
	}
	return out
}

// formatCheck writes a check as the corpus states it:
// "primary_key(a,b) rule", "row_count eq raw.t rule".
func formatCheck(c InferredCheck) string {
	if c.Kind == CheckRowCount {
		of := c.Of.Name
		if c.Of.Schema != "" {
			of = c.Of.Schema + "." + of
		}
		return c.Kind + " " + c.Op + " " + of + " " + c.Rule
	}
	return c.Kind + "(" + strings.Join(c.Columns, ",") + ") " + c.Rule
}

// The checks corpus: testdata/checks/<case>.sql starts with a hand-written
// `-- want: check; check` line (or `-- want: none`) in formatCheck's form,
// over the catalogs above.
func TestChecksCorpus(t *testing.T) {
	files, err := filepath.Glob("testdata/checks/*.sql")
	if err != nil || len(files) < 90 {
		t.Fatalf("corpus too small: %d files, %v", len(files), err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".sql")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			src := readFile(t, file)
			q, err := Parse(src)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			var got []string
			for _, c := range q.Checks(corpusCatalog, corpusKeys) {
				got = append(got, formatCheck(c))
			}
			if diff := cmp.Diff(wantChecks(t, src), got); diff != "" {
				t.Errorf("checks (-want +got):\n%s", diff)
			}
		})
	}
}

func wantChecks(t *testing.T, src string) []string {
	t.Helper()
	line, _, _ := strings.Cut(src, "\n")
	rest, ok := strings.CutPrefix(line, "-- want:")
	if !ok {
		t.Fatal("first line must be `-- want: …`")
	}
	if strings.TrimSpace(rest) == "none" {
		return nil
	}
	var out []string
	for _, s := range strings.Split(rest, ";") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

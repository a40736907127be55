package sqlparse

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the .golden files under testdata")

// The dependency corpus: testdata/deps/<case>.sql starts with a hand-written
// `-- want: a.b, c.d` line (the relations in source order). <case>.golden is
// generated (-update) and shows each reference's span for review.
func TestDependencyCorpus(t *testing.T) {
	files, err := filepath.Glob("testdata/deps/*.sql")
	if err != nil || len(files) < 70 {
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
			rels := q.Relations()
			if diff := cmp.Diff(wantLine(t, src), relNames(rels)); diff != "" {
				t.Errorf("relations (-want +got):\n%s", diff)
			}
			checkSpans(t, src, rels)
			checkGolden(t, strings.TrimSuffix(file, ".sql")+".golden", spanReport(src, rels))
			checkRewrite(t, q, rels)
		})
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func wantLine(t *testing.T, src string) []string {
	t.Helper()
	line, _, _ := strings.Cut(src, "\n")
	rest, ok := strings.CutPrefix(line, "-- want:")
	if !ok {
		t.Fatal("first line must be `-- want: …`")
	}
	var out []string
	for _, s := range strings.Split(rest, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// relNames writes references as SQL would: parts quoted when needed.
func relNames(rels []RelRef) []string {
	var out []string
	for _, r := range rels {
		out = append(out, qualified(r))
	}
	return out
}

func qualified(r RelRef) string {
	var parts []string
	for _, p := range []string{r.Catalog, r.Schema} {
		if p != "" {
			parts = append(parts, quoteIfNeeded(p))
		}
	}
	return strings.Join(append(parts, quoteIfNeeded(r.Name)), ".")
}

func quoteIfNeeded(s string) string {
	plain := s != "" && !(s[0] >= '0' && s[0] <= '9')
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '$' || c >= 0x80) {
			plain = false
		}
	}
	if plain {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// checkSpans re-reads each written name independently of the scanner in
// lex.go and compares it with the reported parts.
func checkSpans(t *testing.T, src string, rels []RelRef) {
	t.Helper()
	for _, r := range rels {
		if r.Offset < 0 || r.Len <= 0 || r.Offset+r.Len > len(src) {
			t.Errorf("%s: bad span %d+%d", qualified(r), r.Offset, r.Len)
			continue
		}
		if got := foldWritten(src[r.Offset : r.Offset+r.Len]); got != qualified(r) {
			t.Errorf("span %q reads as %s, want %s", src[r.Offset:r.Offset+r.Len], got, qualified(r))
		}
	}
}

func foldWritten(text string) string {
	var parts []string
	var cur strings.Builder
	quoted := false
	flush := func() { parts = append(parts, quoteIfNeeded(cur.String())); cur.Reset() }
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case quoted && c == '"' && i+1 < len(text) && text[i+1] == '"':
			cur.WriteByte('"')
			i++
		case c == '"':
			quoted = !quoted
		case quoted:
			cur.WriteByte(c)
		case c == '.':
			flush()
		case c == ' ':
		case c >= 'A' && c <= 'Z':
			cur.WriteByte(c + 'a' - 'A')
		default:
			cur.WriteByte(c)
		}
	}
	flush()
	return strings.Join(parts, ".")
}

func spanReport(src string, rels []RelRef) string {
	var b strings.Builder
	for _, r := range rels {
		fmt.Fprintf(&b, "%s\t@%d+%d\t%s\n", qualified(r), r.Offset, r.Len, src[r.Offset:r.Offset+r.Len])
	}
	return b.String()
}

func checkGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if diff := cmp.Diff(readFile(t, path), got); diff != "" {
		t.Errorf("%s (-want +got):\n%s", path, diff)
	}
}

// checkRewrite prefixes every schema (unqualified names get "dev"), deparses
// and re-parses: the new query must read exactly the renamed relations,
// which also shows CTE references were left alone.
func checkRewrite(t *testing.T, q *Query, rels []RelRef) {
	t.Helper()
	out, err := q.Rewrite(devPrefix)
	if err != nil {
		t.Fatalf("Rewrite: %v", err)
	}
	q2, err := Parse(out)
	if err != nil {
		t.Fatalf("rewritten SQL does not parse: %v\n%s", err, out)
	}
	var want []string
	for _, r := range rels {
		r.Schema, r.Name = devPrefix(r.Schema, r.Name)
		want = append(want, qualified(r))
	}
	if diff := cmp.Diff(want, relNames(q2.Relations())); diff != "" {
		t.Errorf("rewritten relations (-want +got):\n%s\n%s", diff, out)
	}
}

func devPrefix(schema, name string) (string, string) {
	if schema == "" {
		return "dev", name
	}
	return "dev_" + schema, name
}

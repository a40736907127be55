package load

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/quill-etl/quill/models/diag"
)

const head = "project \"p\" {\n  default_target = \"dev\"\n}\ntarget \"dev\" {\n  adapter = \"duckdb\"\n}\n"

func codes(ds diag.Diagnostics) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.Code)
	}
	return out
}

func TestLoadCodes(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
	}{
		{"minimal", head, nil},
		{"no targets is fine without default", `project "p" {}`, nil},
		{"two models one relation", head + "model \"a.b\" {}\nmodel \"a.b\" {}\n", []string{CodeDuplicate}},
		{"unknown top block", head + "modle \"a.b\" {}\n", []string{CodeUnknownBlock}},
		{"missing label", head + "source \"external\" {}\n", []string{CodeLabels}},
		{"extra label", head + "model \"a\" \"b\" {}\n", []string{CodeLabels}},
		{"bad enum", head + "model \"a.b\" { materialized = \"tabel\" }\n", []string{CodeEnum}},
		{"upper-case relation", head + "model \"A.b\" {}\n", []string{CodeName}},
		{"three-part relation", head + "model \"a.b.c\" {}\n", []string{CodeName}},
		{"env missing", head + "target \"x\" {\n adapter = \"postgres\"\n dsn = env(\"NOPE\")\n}\n", []string{CodeFunc}},
		{"env default", head + "target \"x\" {\n adapter = \"postgres\"\n dsn = env(\"NOPE\", \"d\")\n}\n", nil},
		{"var reference", head + "model \"a.b\" { tags = [var.x] }\n", []string{CodeReference}},
		{"syntax", head + "model \"a.b\" {\n tags = [\n", []string{CodeSyntax}},
		{"errors collected", head + "model \"a.b\" {\n materialized = \"x\"\n tags = 1\n}\nseed \"s\" {}\n",
			[]string{CodeEnum, CodeType, CodeName}},
		{"external is closed", head + "source \"external\" \"r.e\" { query = \"x\" }\n", []string{CodeUnknownArg}},
		{"extract keeps extras", head + "source \"mysql\" \"r.e\" {\n dsn = \"d\"\n query = \"q\"\n tolerance = 0.5\n}\n", nil},
		{"one-line block without blanks", head + "source \"external\" \"r.e\" {\n freshness {column=\"at\" max_age=\"1h\"}\n}\n", []string{CodeSyntax}},
		{"sink wrong type", head + "sink \"kafka\" \"x\" {}\n", []string{CodeEnum}},
		{"default target unknown", "project \"p\" { default_target = \"dve\" }\ntarget \"dev\" {\n adapter = \"duckdb\"\n}\n", []string{CodeUnknownTarget}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ds := Load(map[string][]byte{"quill.hcl": []byte(tt.src)}, Options{})
			if got := codes(ds); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("codes = %v, want %v\n%s", got, tt.want, ds.Error())
			}
		})
	}
}

// TestSecretsNeverInDiagnostics: a dsn's value must not leak into any
// diagnostic, whatever is wrong around it.
func TestSecretsNeverInDiagnostics(t *testing.T) {
	const secret = "postgres://u:hunter2@db"
	srcs := []string{
		head + "target \"x\" {\n adapter = \"duckdb\"\n dsn = \"" + secret + "\"\n}\n",
		head + "target \"x\" {\n adapter = \"postgress\"\n dsn = env(\"D\")\n}\n",
		head + "target \"x\" {\n adapter = \"postgres\"\n dsn = [env(\"D\")]\n}\n",
		head + "target \"x\" {\n adapter = \"postgres\"\n dsn = env(\"D\") + 1\n}\n",
		head + "source \"postgres\" \"a.b\" {\n dsn = {v = env(\"D\")}\n query = 1\n}\n",
		head + "source \"postgres\" \"a.b\" {\n dsn = env(\"D\")\n query = env(\"D\") * 2\n}\n",
	}
	for i, src := range srcs {
		_, ds := Load(map[string][]byte{"quill.hcl": []byte(src)}, Options{Env: map[string]string{"D": secret}})
		if len(ds) == 0 {
			t.Errorf("case %d: want a diagnostic", i)
		}
		for _, d := range ds {
			if strings.Contains(d.Summary+d.Detail, "hunter2") {
				t.Errorf("case %d: secret in diagnostic: %s\n%s", i, d.Short(), d.Detail)
			}
		}
	}
}

func TestRanges(t *testing.T) {
	src := head + "model \"a.b\" {\n  tags = [\"x\"]\n  assert \"unique\" { column = \"id\" }\n}\n"
	cfg, ds := Load(map[string][]byte{"m.hcl": []byte(src)}, Options{})
	if ds != nil {
		t.Fatal(ds)
	}
	m := cfg.Models[0]
	if got := m.Decl.String(); got != "m.hcl:7:1" {
		t.Errorf("Decl = %s", got)
	}
	if got := m.Attrs["tags"]; got.Start.Line != 8 || got.Start.Column != 3 || got.End.Column != 15 {
		t.Errorf("tags range = %+v", got)
	}
	if got := m.Asserts[0].Attrs["column"].String(); got != "m.hcl:9:21" {
		t.Errorf("assert column range = %s", got)
	}
	if tg := cfg.Targets[0].Model(); tg.Name != "dev" || tg.Threads != DefaultThreads || tg.Retries != DefaultRetries {
		t.Errorf("target = %+v", tg)
	}
}

// TestByteColumns: columns count bytes, not characters, as quill's
// diagnostics do everywhere.
func TestByteColumns(t *testing.T) {
	src := head + "model \"a.b\" { tags = [\"é\", 1 + \"x\"] }\n"
	_, ds := Load(map[string][]byte{"m.hcl": []byte(src)}, Options{})
	if len(ds) != 1 || ds[0].Subject.Start.Column != 33 { // hcl would say 32: é is two bytes
		t.Fatalf("got %v", ds)
	}
}

func TestDeterministic(t *testing.T) {
	files := map[string][]byte{
		"a.hcl": []byte(head + "model \"z.z\" {}\nmodel \"a.a\" { nope = 1\n x = 2 }\nsink \"nostos\" \"b\" {}\n"),
		"b.hcl": []byte("variables {\n b = 1\n a = 2\n}\nsource \"external\" \"r.b\" {}\nsource \"external\" \"r.a\" {}\n"),
	}
	c1, d1 := Load(files, Options{})
	for i := 0; i < 20; i++ {
		c2, d2 := Load(files, Options{})
		if !reflect.DeepEqual(c1, c2) || !reflect.DeepEqual(d1, d2) {
			t.Fatal("Load is not deterministic")
		}
	}
	if c1.Models[0].Name != "a.a" || c1.Sources[0].Name != "r.a" || c1.Variables[0].Name != "a" {
		t.Error("not sorted by name")
	}
}

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"26h", 26 * time.Hour, true},
		{"1d12h", 36 * time.Hour, true},
		{"1w", 7 * 24 * time.Hour, true},
		{"90s", 90 * time.Second, true},
		{"0h", 0, false},
		{"", 0, false},
		{"h", 0, false},
		{"1y", 0, false},
		{"26 h", 0, false},
		{"999999999w", 0, false},
		{"-1h", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseDuration(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseDuration(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestIsRelation(t *testing.T) {
	for s, want := range map[string]bool{
		"a.b": true, "_x.y_1": true, "raw.events": true,
		"a": false, "a.b.c": false, "A.b": false, "1a.b": false, "a.": false, ".b": false, "a-b.c": false, "": false,
	} {
		if got := isRelation(s); got != want {
			t.Errorf("isRelation(%q) = %v", s, got)
		}
	}
}

func TestSpreadOneLineBlocks(t *testing.T) {
	tests := []struct{ in, want string }{
		{`f { a = 1  b = 2 }`, "f {\na = 1 \nb = 2\n}"},
		{`f { a = { x = 1 } b = "}" }`, "f {\na = { x = 1 }\nb = \"}\"\n}"},
		{`f { a = 1 }`, `f { a = 1 }`},
		{`f {a=1 b=2}`, `f {a=1 b=2}`},
		{`x = { a = 1  b = 2 }`, `x = { a = 1  b = 2 }`},
		{"m \"l\" {\n  g { a = [1, 2] b = f(3) }\n}", "m \"l\" {\n  g {\na = [1, 2]\nb = f(3)\n}\n}"},
	}
	for _, tt := range tests {
		if got := string(spreadOneLineBlocks([]byte(tt.in))); got != tt.want {
			t.Errorf("spread(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

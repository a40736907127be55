package macros

import (
	"strings"
	"testing"

	"github.com/quill-etl/quill/models/diag"
)

func testEnv() Env {
	return Env{This: "dev_s.m", TargetName: "dev", TargetAdapter: "duckdb", SchemaPrefix: "dev_",
		Vars: map[string]string{"x": "1", "s": "abc"}, Environ: map[string]string{"E": "e"}}
}

func codesOf(ds diag.Diagnostics) string {
	var cs []string
	for _, d := range ds {
		cs = append(cs, d.Code)
	}
	return strings.Join(cs, ",")
}

func TestExpand(t *testing.T) {
	lib, ds := ParseLibrary(map[string][]byte{
		"macros/a.sql": []byte(`{% macro twice(x) %}{{ x }}{{ x }}{% endmacro %}{% macro greet(who="world", punct="!") %}hi {{ who }}{{ punct }}{% endmacro %}`),
		"macros/b.sql": []byte(`ignored text {% macro wrap(x) %}({{ twice(x) }}){% endmacro %}`),
	})
	if ds != nil {
		t.Fatal(ds)
	}
	tests := []struct {
		in, want, codes string
	}{
		{"select 1", "select 1", ""},
		{"", "", ""},
		{"a {{ 'b' }} c", "a b c", ""},
		{`{{ twice("ab") }}`, "abab", ""},
		{`{{ wrap(x="z") }}`, "(zz)", ""},
		{`{{ greet() }}|{{ greet("you") }}|{{ greet(punct="?") }}`, "hi world!|hi you!|hi world?", ""},
		{`{{ greet(who=twice("a")) }}`, "hi aa!", ""},
		{`{% if var("x") == 1 %}one{% endif %}`, "one", ""},
		{`{% if var("x") != "1" %}no{% else %}yes{% endif %}`, "yes", ""},
		{`{% if not is_incremental() and target.name == "dev" %}y{% endif %}`, "y", ""},
		{`{% if false or "" %}a{% elif none %}b{% elif 0 %}c{% else %}d{% endif %}`, "d", ""},
		{`{% if (true) %}{% if false %}x{% else %}{{ this.name }}{% endif %}{% endif %}`, "m", ""},
		{"a {# gone #} b", "a  b", ""},
		{"a  {{- 'b' -}}  c", "abc", ""},
		{"{{ true }} {{ 3 }} {{ none }}", "true 3 ", ""},
		{`{{ var("nope", "d") }} {{ env("E") }}`, "d e", ""},
		{`{{ nope() }}`, "", CodeUnknown},
		{`{{ twice() }}{{ twice(1, 2) }}{{ twice(y=1) }}`, "", "QL304,QL304,QL304,QL304"},
		{`{{ var("nope") }}{{ env("NOPE") }}`, "", "QL305,QL306"},
		{`{{ target.name.x }}`, "", CodeType},
		{`{{ var(1) }}`, "", CodeType},
		{`{{ "a" }`, "", CodeSyntax},
		{`{{ "a"`, "", CodeUnclosed},
		{`{# x`, "", CodeUnclosed},
		{`{% if true %}x`, "x", CodeBlock},
		{`{% endmacro %}`, "", CodeBlock},
		{`{% set x = 1 %}`, "", CodeSyntax},
		{`{{ is_incremental(1) }}`, "", CodeArgs},
	}
	for _, tt := range tests {
		got, sm, ds := Expand("m.sql", []byte(tt.in), lib, testEnv())
		if got != tt.want || codesOf(ds) != tt.codes {
			t.Errorf("Expand(%q) = %q %s, want %q %s\n%v", tt.in, got, codesOf(ds), tt.want, tt.codes, ds)
			continue
		}
		checkMap(t, []byte(tt.in), got, sm.Segments)
	}
}

// TestErrorInMacroPointsAtCallSite: the subject is in the model, the macro
// position in the detail.
func TestErrorInMacroPointsAtCallSite(t *testing.T) {
	lib, _ := ParseLibrary(map[string][]byte{"macros/m.sql": []byte("{% macro f() %}\n  {{ var('q') }}\n{% endmacro %}")})
	_, _, ds := Expand("models/s/m.sql", []byte("select\n  {{ f() }}"), lib, testEnv())
	if len(ds) != 1 {
		t.Fatal(ds)
	}
	d := ds[0]
	if d.Subject.String() != "models/s/m.sql:2:6" || !strings.Contains(d.Detail, "macros/m.sql:2:6") {
		t.Errorf("got %s\n%s", d.Short(), d.Detail)
	}
}

func TestSourceMap(t *testing.T) {
	src := "select {{ 'a + b' }} from t"
	out, sm, _ := Expand("m.sql", []byte(src), nil, testEnv())
	if out != "select a + b from t" {
		t.Fatal(out)
	}
	for exp, want := range map[int]int{0: 0, 6: 6, 7: 7, 9: 7, 11: 7, 12: 20, 18: 26} {
		if got := sm.Orig(exp); got != want {
			t.Errorf("Orig(%d) = %d, want %d", exp, got, want)
		}
	}
}

func TestUsesIsIncremental(t *testing.T) {
	lib, _ := ParseLibrary(map[string][]byte{"macros/m.sql": []byte(
		`{% macro a() %}{% if is_incremental() %}x{% endif %}{% endmacro %}{% macro b() %}{{ a() }}{% endmacro %}` +
			`{% macro c() %}{{ d() }}{% endmacro %}{% macro d() %}{{ c() }}{% endmacro %}`)})
	for src, want := range map[string]bool{
		"select 1":                           false,
		"{{ is_incremental() }}":             true,
		"{% if false %}{{ b() }}{% endif %}": true,
		"{{ c() }}":                          false,
		"is_incremental()":                   false,
	} {
		if got := UsesIsIncremental([]byte(src), lib); got != want {
			t.Errorf("UsesIsIncremental(%q) = %v", src, got)
		}
	}
}

// TestExponentialExpansionIsBounded: macros that double their output at
// every level must stop with an error, not exhaust memory.
func TestExponentialExpansionIsBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString("{% macro m0() %}x{% endmacro %}")
	for i := 1; i < 30; i++ {
		b.WriteString("{% macro m" + itoa(i) + "() %}{{ m" + itoa(i-1) + "() }}{{ m" + itoa(i-1) + "() }}{% endmacro %}")
	}
	lib, ds := ParseLibrary(map[string][]byte{"macros/m.sql": []byte(b.String())})
	if ds != nil {
		t.Fatal(ds)
	}
	_, _, ds = Expand("m.sql", []byte("{{ m29() }}"), lib, testEnv())
	if !strings.Contains(codesOf(ds), CodeRecursion) {
		t.Errorf("got %v", ds)
	}
}

func itoa(i int) string { return string(rune('0'+i/10)) + string(rune('0'+i%10)) }

func TestNoSyntaxAllocations(t *testing.T) {
	src := []byte(strings.Repeat("select a, b from raw.events where x = '{' \n", 20))
	n := testing.AllocsPerRun(100, func() { Expand("m.sql", src, nil, Env{}) })
	if n > 3 {
		t.Errorf("%v allocations for a macro-free model", n)
	}
}

// TestConcurrentExpand: one Library serves the compiler's parallel workers.
func TestConcurrentExpand(t *testing.T) {
	lib, _ := ParseLibrary(map[string][]byte{"macros/m.sql": []byte(`{% macro f(x) %}{{ x }}{{ var("nope", "") }}{% endmacro %}`)})
	done := make(chan string)
	for i := 0; i < 4; i++ {
		go func() {
			out, _, _ := Expand("m.sql", []byte(`{{ f("a") }}{{ bad() }}`), lib, testEnv())
			done <- out
		}()
	}
	for i := 0; i < 4; i++ {
		if got := <-done; got != "a" {
			t.Errorf("got %q", got)
		}
	}
}

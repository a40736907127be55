package models

import (
	"strings"
	"testing"
)

func TestSourceMapOrig(t *testing.T) {
	// original: "select {{ x }} from t"  (x expands to "a + b")
	// expanded: "select a + b from t"
	m := &SourceMap{Segments: []Segment{
		{Exp: 0, Len: 7, Orig: 0, Verbatim: true},
		{Exp: 7, Len: 5, Orig: 7, Verbatim: false},
		{Exp: 12, Len: 7, Orig: 14, Verbatim: true},
	}}
	tests := []struct{ exp, want int }{
		{0, 0}, {6, 6}, {7, 7}, {9, 7}, {11, 7}, {12, 14}, {18, 20}, {19, 21}, {25, 27},
	}
	for _, tt := range tests {
		if got := m.Orig(tt.exp); got != tt.want {
			t.Errorf("Orig(%d) = %d, want %d", tt.exp, got, tt.want)
		}
	}
	var nilMap *SourceMap
	if nilMap.Orig(5) != 5 {
		t.Error("nil map is not identity")
	}
}

func TestPhysical(t *testing.T) {
	tg := Target{SchemaPrefix: "dev_"}
	ext := &Node{Name: "raw.events", Kind: KindSource, Type: "external"}
	mod := &Node{Name: "prod.users", Kind: KindModel}
	if got := tg.Physical(ext); got != "raw.events" {
		t.Errorf("external: %s", got)
	}
	if got := tg.Physical(mod); got != "dev_prod.users" {
		t.Errorf("model: %s", got)
	}
}

func TestTopoOrder(t *testing.T) {
	nodes := []*Node{
		{Name: "c", DependsOn: []string{"a", "b"}},
		{Name: "b", DependsOn: []string{"a", "outside"}},
		{Name: "a"},
		{Name: "d"},
		{Name: "s", Kind: KindSink, DependsOn: []string{"c"}},
		{Name: "x", DependsOn: []string{"y"}},
		{Name: "y", DependsOn: []string{"x"}},
	}
	var got []string
	for _, n := range TopoOrder(nodes) {
		got = append(got, n.Name)
	}
	want := "a b c d s"
	if g := strings.Join(got, " "); g != want {
		t.Errorf("order %q, want %q (cycle members left out)", g, want)
	}
}

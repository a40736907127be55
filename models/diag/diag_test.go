package diag

import (
	"bytes"
	"errors"
	"testing"
)

func TestPosOf(t *testing.T) {
	src := []byte("ab\ncd\n\nx")
	tests := []struct {
		off  int
		want Pos
	}{
		{0, Pos{1, 1, 0}},
		{1, Pos{1, 2, 1}},
		{3, Pos{2, 1, 3}},
		{4, Pos{2, 2, 4}},
		{6, Pos{3, 1, 6}},
		{7, Pos{4, 1, 7}},
		{99, Pos{4, 2, 8}},
		{-5, Pos{1, 1, 0}},
	}
	for _, tt := range tests {
		if got := PosOf(src, tt.off); got != tt.want {
			t.Errorf("PosOf(%d) = %+v, want %+v", tt.off, got, tt.want)
		}
	}
}

func TestWriteTextCaret(t *testing.T) {
	src := []byte("select *\n  from staging.custmers c\n")
	d := At("QL002", "models/a.sql", src, 16, 32, `unknown relation "staging.custmers"`, `Did you mean "staging.customers"?`)
	var b bytes.Buffer
	if err := WriteText(&b, Diagnostics{d}, Files{"models/a.sql": src}, false); err != nil {
		t.Fatal(err)
	}
	want := "models/a.sql:2:8: error QL002: unknown relation \"staging.custmers\"\n" +
		"   2 |   from staging.custmers c\n" +
		"     |        ^^^^^^^^^^^^^^^^\n" +
		"  Did you mean \"staging.customers\"?\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

func TestAppendAndSort(t *testing.T) {
	src := []byte("a\nb\n")
	var ds Diagnostics
	ds = ds.Append(At("QL2", "b.sql", src, 2, 3, "second", ""), nil, errors.New("plain"))
	ds = ds.Append(Diagnostics{At("QL1", "a.sql", src, 0, 1, "first", "")})
	ds.Sort()
	got := ds.Error()
	want := "error: plain\na.sql:1:1: error QL1: first\nb.sql:2:1: error QL2: second"
	if got != want {
		t.Errorf("got %q want %q", got, want)
	}
	if !ds.HasErrors() || ds.Err() == nil {
		t.Error("want errors")
	}
	if (Diagnostics{{Severity: Warning, Summary: "w"}}).HasErrors() {
		t.Error("warning counted as error")
	}
}

func TestClosest(t *testing.T) {
	cands := []string{"staging.customers", "staging.orders", "path"}
	tests := []struct {
		name, want string
	}{
		{"staging.custmers", "staging.customers"},
		{"Staging.Orders", "staging.orders"},
		{"pth", "path"},
		{"zzz", ""},
	}
	for _, tt := range tests {
		if got := Closest(tt.name, cands, 3); got != tt.want {
			t.Errorf("Closest(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
	if got := DidYouMean("pth", cands); got != ` Did you mean "path"?` {
		t.Errorf("DidYouMean: %q", got)
	}
	if EditDistance("kitten", "sitting") != 3 {
		t.Error("EditDistance")
	}
}

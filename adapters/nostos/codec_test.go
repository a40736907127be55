package nostos

import (
	"encoding/json"
	"math"
	"testing"
	"time"
)

func TestAppendValue(t *testing.T) {
	ts := time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC)
	for _, c := range []struct {
		in   any
		want string
	}{
		{nil, `null`}, {true, `true`}, {int64(-42), `-42`}, {1.5, `1.5`}, {1e21, `1e+21`},
		{math.NaN(), `"NaN"`}, {math.Inf(-1), `"-Inf"`},
		{"a\"b\\c\n\x01é", `"a\"b\\c\n\u0001é"`}, {"bad\xffutf8", `"bad\ufffdutf8"`},
		{[]byte{0, 1, 2}, `"AAEC"`}, {ts, `"2026-01-02T03:04:05.000000006Z"`},
		{map[string]int{"a": 1}, `{"a":1}`},
	} {
		if got := string(AppendValue(nil, c.in)); got != c.want {
			t.Errorf("AppendValue(%#v) = %s, want %s", c.in, got, c.want)
		}
	}
}

// FuzzAppendString checks that every string comes out as valid JSON that
// decodes to the same text (after encoding/json's own U+FFFD replacement).
func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "plain", "\"\\\n\t\x00", "\xff\xfe", "日本", "\u2028"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := appendString(nil, s)
		var back string
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("%q → %s: %v", s, out, err)
		}
		want, _ := json.Marshal(s)
		var w string
		_ = json.Unmarshal(want, &w)
		if back != w {
			t.Fatalf("%q → %s → %q, want %q", s, out, back, w)
		}
	})
}

func TestKeyRoundTrip(t *testing.T) {
	for _, parts := range [][]string{{"a"}, {"a,b"}, {"fr", "a,b"}, {`x\`, ",", ""}, {"", ""}} {
		s := KeyString(parts)
		back, err := ParseKey(s, len(parts))
		if err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		if len(back) != len(parts) {
			t.Fatalf("%q → %q", parts, back)
		}
		for i := range parts {
			if back[i] != parts[i] {
				t.Fatalf("%q → %q → %q", parts, s, back)
			}
		}
	}
	for _, bad := range []string{`a\b,c`, `a,b\`, `a`, `a,b,c`} {
		if _, err := ParseKey(bad, 2); err == nil {
			t.Errorf("ParseKey(%q, 2) accepted", bad)
		}
	}
}

func TestRecordCodec(t *testing.T) {
	rec := EncodeRecord(nil, [][]byte{[]byte(`1`), []byte(`"x"`), []byte(`null`)})
	got, err := DecodeRecord(rec, 3)
	if err != nil || string(got[1]) != `"x"` {
		t.Fatalf("%q %v", got, err)
	}
	if _, err := DecodeRecord(rec, 4); err == nil {
		t.Fatal("short record accepted")
	}
	if _, err := DecodeRecord(rec[:len(rec)-1], 3); err == nil {
		t.Fatal("truncated record accepted")
	}
	p, err := newProjection(Schema{Fields: []string{"a", "b", "c"}}, []string{"c", "a"})
	if err != nil {
		t.Fatal(err)
	}
	out, err := p.appendValue(nil, EncodeList(nil, [][]byte{rec, rec}), true)
	if err != nil || string(out) != `[{"c":null,"a":1},{"c":null,"a":1}]` {
		t.Fatalf("%s %v", out, err)
	}
	if _, err := newProjection(Schema{Fields: []string{"a"}}, []string{"z"}); err == nil {
		t.Fatal("unknown field accepted")
	}
}

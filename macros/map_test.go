package macros

import (
	"testing"

	"github.com/quill-etl/quill/models"
)

// checkMap verifies the source map invariants: segments are sorted, do not
// overlap, cover the expanded text exactly, verbatim segments hold the
// same bytes as the original, and every offset maps inside the original.
func checkMap(t testing.TB, src []byte, out string, segs []models.Segment) {
	t.Helper()
	exp := 0
	for _, s := range segs {
		if s.Exp != exp || s.Len <= 0 {
			t.Fatalf("segment %+v does not start at %d or is empty", s, exp)
		}
		if s.Orig < 0 || s.Orig >= len(src) && !(s.Orig == len(src) && s.Len == 0) {
			t.Fatalf("segment %+v maps outside the original (%d bytes)", s, len(src))
		}
		if s.Verbatim && (s.Orig+s.Len > len(src) || out[s.Exp:s.Exp+s.Len] != string(src[s.Orig:s.Orig+s.Len])) {
			t.Fatalf("verbatim segment %+v differs from the original", s)
		}
		exp += s.Len
	}
	if exp != len(out) {
		t.Fatalf("segments cover %d bytes of %d", exp, len(out))
	}
	m := &models.SourceMap{Segments: segs}
	for off := 0; off < len(out); off++ {
		if o := m.Orig(off); o < 0 || o >= len(src) {
			t.Fatalf("offset %d maps to %d, outside the original", off, o)
		}
	}
}

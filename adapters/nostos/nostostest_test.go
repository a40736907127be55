package nostos

import (
	"context"
	"fmt"
	"io"
	"testing"
)

// sliceRows is a Rows over fixed rows.
type sliceRows struct {
	cols []string
	rows [][]any
	i    int
}

func (r *sliceRows) Columns() []string { return r.cols }
func (r *sliceRows) Next() ([]any, error) {
	if r.i == len(r.rows) {
		return nil, io.EOF
	}
	r.i++
	return r.rows[r.i-1], nil
}

// genRows yields n rows (id, name, score, run) in a scrambled key order
// without holding them in memory.
type genRows struct {
	n, i, run int64
}

func (g *genRows) Columns() []string { return []string{"id", "name", "score", "run"} }
func (g *genRows) Next() ([]any, error) {
	if g.i == g.n {
		return nil, io.EOF
	}
	id := (g.i * 7919) % g.n // 7919 is prime: a permutation when n is not a multiple of it
	g.i++
	return []any{id, fmt.Sprintf("user-%d", id), float64(id) / 4, g.run}, nil
}

func openStore(t testing.TB) *Embedded {
	t.Helper()
	s, err := OpenEmbedded(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func mustExport(t testing.TB, s Store, src Rows, spec Spec) Result {
	t.Helper()
	res, err := Export(context.Background(), src, s, spec)
	if err != nil {
		t.Fatalf("export: %v", err)
	}
	return res
}

func get(t testing.TB, s Reader, ds, key string, fields []string, version int) Item {
	t.Helper()
	it, err := s.Get(context.Background(), ds, key, fields, version)
	if err != nil {
		t.Fatalf("get %s/%s: %v", ds, key, err)
	}
	return it
}

package duckdb

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/quill-etl/quill/adapters"
	"github.com/quill-etl/quill/adapters/adaptertest"
)

func openFile(t testing.TB) adapters.Warehouse {
	w, err := Open(context.Background(), filepath.Join(t.TempDir(), "sub", "dir", "w.duckdb"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func TestConformanceFile(t *testing.T) {
	adaptertest.Run(t, openFile)
}

func TestConformanceMemory(t *testing.T) {
	adaptertest.Run(t, func(t testing.TB) adapters.Warehouse {
		w, err := Open(context.Background(), ":memory:", Options{})
		if err != nil {
			t.Fatal(err)
		}
		return w
	})
}

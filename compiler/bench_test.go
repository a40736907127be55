package compiler

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// BenchmarkCompile2000 compiles the 2,000-model project that
// ../shared/bench/genproject.py generates (the same one bench/compile.sh
// compares with Dataform).
func BenchmarkCompile2000(b *testing.B) {
	gen := filepath.Join("..", "..", "shared", "bench", "genproject.py")
	if _, err := os.Stat(gen); err != nil {
		b.Skip("genproject.py not found at ../shared/bench: ", err)
	}
	dir := b.TempDir()
	if out, err := exec.Command("python3", gen, "2000", dir).CombinedOutput(); err != nil {
		b.Fatalf("genproject: %v\n%s", err, out)
	}
	fsys := os.DirFS(filepath.Join(dir, "quill"))
	for b.Loop() {
		p, diags := Compile(context.Background(), fsys, Options{})
		if diags.HasErrors() || len(p.Nodes) < 2000 {
			b.Fatalf("compile: %d nodes, %v", len(p.Nodes), diags)
		}
	}
}

package docsite

import (
	"math/rand/v2"
	"reflect"
	"sort"
	"testing"
)

// randomDAG makes a DAG shaped like a warehouse project: n nodes in index
// order, each reading one to three earlier nodes, deterministic per seed.
func randomDAG(n int, seed uint64) [][2]int {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	var edges [][2]int
	for v := 1; v < n; v++ {
		if v > 3 && r.IntN(10) == 0 {
			continue // a root
		}
		seen := map[int]bool{}
		for k := 1 + r.IntN(3); k > 0; k-- {
			u := r.IntN(v)
			if !seen[u] {
				seen[u] = true
				edges = append(edges, [2]int{u, v})
			}
		}
	}
	return edges
}

// checkLayout asserts the properties every drawing must have.
func checkLayout(t *testing.T, n int, edges [][2]int, lay *Layout, acyclic bool) {
	t.Helper()
	opt := DefaultLayoutOptions()
	if len(lay.X) != n || len(lay.Y) != n || len(lay.Layer) != n || len(lay.Paths) != len(edges) {
		t.Fatalf("sizes: %d x, %d y, %d layers, %d paths for %d nodes and %d edges", len(lay.X), len(lay.Y), len(lay.Layer), len(lay.Paths), n, len(edges))
	}
	for i, e := range edges {
		u, v := e[0], e[1]
		if acyclic && lay.Layer[u] >= lay.Layer[v] {
			t.Errorf("edge %d→%d goes from layer %d to layer %d", u, v, lay.Layer[u], lay.Layer[v])
		}
		p := lay.Paths[i]
		if u == v {
			continue
		}
		if len(p) < 4 || len(p)%2 != 0 {
			t.Fatalf("edge %d→%d: path %v", u, v, p)
		}
		x0, y0, x1, y1 := p[0], p[1], p[len(p)-2], p[len(p)-1]
		if lay.Layer[u] < lay.Layer[v] {
			if x0 != lay.X[u]+opt.NodeWidth || y0 < lay.Y[u] || y0 > lay.Y[u]+opt.NodeHeight || x1 != lay.X[v] || y1 < lay.Y[v] || y1 > lay.Y[v]+opt.NodeHeight {
				t.Errorf("edge %d→%d: path %v does not join the boxes (%d,%d) and (%d,%d)", u, v, p, lay.X[u], lay.Y[u], lay.X[v], lay.Y[v])
			}
		}
	}
	// No two boxes overlap: boxes of one layer share a column, so sort each
	// layer by y and compare neighbours; layers are apart horizontally.
	byLayer := map[int][]int{}
	for v := 0; v < n; v++ {
		if lay.X[v] != lay.Layer[v]*(opt.NodeWidth+opt.LayerGap) {
			t.Fatalf("node %d: x %d in layer %d", v, lay.X[v], lay.Layer[v])
		}
		byLayer[lay.Layer[v]] = append(byLayer[lay.Layer[v]], v)
		if lay.Y[v] < 0 || lay.Y[v]+opt.NodeHeight > lay.Height || lay.X[v]+opt.NodeWidth > lay.Width {
			t.Errorf("node %d at (%d,%d) outside %d×%d", v, lay.X[v], lay.Y[v], lay.Width, lay.Height)
		}
	}
	for l, vs := range byLayer {
		sort.Slice(vs, func(a, b int) bool { return lay.Y[vs[a]] < lay.Y[vs[b]] })
		for k := 1; k < len(vs); k++ {
			a, b := vs[k-1], vs[k]
			// EdgeGap, not NodeGap: an edge passing between two nodes
			// takes less room than a node's gap on each side.
			if lay.Y[b] < lay.Y[a]+opt.NodeHeight+min(opt.NodeGap, 2*opt.EdgeGap) {
				t.Errorf("layer %d: nodes %d (y %d) and %d (y %d) overlap", l, a, lay.Y[a], b, lay.Y[b])
			}
			if lay.Order[b] <= lay.Order[a] {
				t.Errorf("layer %d: order %d of node %d not after %d of node %d", l, lay.Order[b], b, lay.Order[a], a)
			}
		}
	}
	// Edges pass through layers beside the boxes, never across them.
	step := opt.NodeWidth + opt.LayerGap
	for i, p := range lay.Paths {
		for k := 2; k+3 < len(p); k += 2 {
			vs := byLayer[p[k]/step]
			j := sort.Search(len(vs), func(j int) bool { return lay.Y[vs[j]]+opt.NodeHeight >= p[k+1] })
			if j < len(vs) && lay.Y[vs[j]] <= p[k+1] {
				t.Errorf("edge %v passes through node %d at (%d,%d)", edges[i], vs[j], p[k], p[k+1])
			}
		}
	}
}

func TestLayeredSmall(t *testing.T) {
	// a diamond a→b, a→c, b→d, c→d, and a long edge a→d.
	edges := [][2]int{{0, 1}, {0, 2}, {1, 3}, {2, 3}, {0, 3}}
	lay := Layered(4, edges, DefaultLayoutOptions())
	checkLayout(t, 4, edges, lay, true)
	if want := []int{0, 1, 1, 2}; !reflect.DeepEqual(lay.Layer, want) {
		t.Errorf("layers %v, want %v", lay.Layer, want)
	}
	if lay.Crossings != 0 {
		t.Errorf("%d crossings, want 0", lay.Crossings)
	}
	if got := len(lay.Paths[4]); got != 8 { // start, one dummy (two points), end
		t.Errorf("long edge path has %d numbers, want 8: %v", got, lay.Paths[4])
	}
}

func TestLayeredProperties(t *testing.T) {
	for _, n := range []int{1, 2, 10, 100, 500} {
		for seed := uint64(1); seed <= 3; seed++ {
			edges := randomDAG(n, seed)
			checkLayout(t, n, edges, Layered(n, edges, DefaultLayoutOptions()), true)
		}
	}
}

func TestLayeredDeterministic(t *testing.T) {
	edges := randomDAG(800, 42)
	a := Layered(800, edges, DefaultLayoutOptions())
	for i := 0; i < 3; i++ {
		if b := Layered(800, edges, DefaultLayoutOptions()); !reflect.DeepEqual(a, b) {
			t.Fatal("two layouts of the same graph differ")
		}
	}
}

// TestLayeredSweepsReduceCrossings checks that the barycentric sweeps do
// better than the index order they start from, and never worse.
func TestLayeredSweepsReduceCrossings(t *testing.T) {
	edges := randomDAG(400, 7)
	none := DefaultLayoutOptions()
	none.Sweeps = 0
	before := Layered(400, edges, none).Crossings
	after := Layered(400, edges, DefaultLayoutOptions()).Crossings
	t.Logf("crossings: %d in index order, %d after sweeps", before, after)
	if after >= before {
		t.Errorf("sweeps left %d crossings, index order had %d", after, before)
	}
}

func TestLayeredCycle(t *testing.T) {
	// 0→1→2→0 and a self-loop on 3: the layout must terminate, place every
	// node once, and draw the forward edges forwards.
	edges := [][2]int{{0, 1}, {1, 2}, {2, 0}, {3, 3}, {2, 3}}
	lay := Layered(4, edges, DefaultLayoutOptions())
	checkLayout(t, 4, edges, lay, false)
	if !(lay.Layer[0] < lay.Layer[1] && lay.Layer[1] < lay.Layer[2] && lay.Layer[2] < lay.Layer[3]) {
		t.Errorf("layers %v, want 0 < 1 < 2 < 3", lay.Layer)
	}
	if len(lay.Paths[3]) != 0 {
		t.Errorf("self-loop drawn: %v", lay.Paths[3])
	}
	if p := lay.Paths[2]; p[0] != lay.X[2] || p[len(p)-2] != lay.X[0]+DefaultLayoutOptions().NodeWidth {
		t.Errorf("reversed edge 2→0 should run from 2's left side to 0's right side: %v", p)
	}
}

func BenchmarkLayered2000(b *testing.B) {
	edges := randomDAG(2000, 1)
	for b.Loop() {
		Layered(2000, edges, DefaultLayoutOptions())
	}
}

// TestLayeredCap checks the cap on nodes per layer: an explicit one holds,
// and the automatic one keeps a big project's drawing roughly square
// rather than a strip.
func TestLayeredCap(t *testing.T) {
	edges := randomDAG(2000, 3)
	opt := DefaultLayoutOptions()
	opt.MaxLayerNodes = 50
	lay := Layered(2000, edges, opt)
	checkLayout(t, 2000, edges, lay, true)
	size := map[int]int{}
	for _, l := range lay.Layer {
		if size[l]++; size[l] > 50 {
			t.Fatalf("layer %d holds more than 50 nodes", l)
		}
	}
	auto := Layered(2000, edges, DefaultLayoutOptions())
	opt.MaxLayerNodes = -1
	none := Layered(2000, edges, opt)
	t.Logf("2,000 nodes: %d×%d px in %d layers with the automatic cap, %d×%d px in %d layers without",
		auto.Width, auto.Height, auto.Layers, none.Width, none.Height, none.Layers)
	if r := float64(auto.Height) / float64(auto.Width); r > 2 || r < 0.25 {
		t.Errorf("automatic cap: %d×%d px is not roughly square", auto.Width, auto.Height)
	}
}

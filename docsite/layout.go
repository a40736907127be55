package docsite

import (
	"math"
	"sort"
)

// LayoutOptions sizes a layered drawing, in pixels.
type LayoutOptions struct {
	NodeWidth   int // width of a node's box
	NodeHeight  int // height of a node's box
	LayerGap    int // horizontal space between two layers
	NodeGap     int // vertical space between two adjacent nodes of a layer
	EdgeGap     int // vertical space between a node and an edge passing beside it
	EdgeSpacing int // vertical space between two edges passing through a layer
	DummyHeight int // height an edge passing through a layer takes
	Sweeps      int // barycentric ordering sweeps, alternately down and up
	Rounds      int // coordinate straightening rounds
	// MaxLayerNodes caps the nodes of one layer; 0 picks the cap that makes
	// the drawing about as tall as it is wide, -1 means no cap. Without a
	// cap, longest-path layering puts hundreds of nodes in the middle layers
	// of a big project and the drawing becomes a thin, tall strip.
	MaxLayerNodes int
}

// DefaultLayoutOptions are the sizes the site's stylesheet is drawn for.
func DefaultLayoutOptions() LayoutOptions {
	// Edges passing through a layer are packed 1px apart: in a big project
	// there are many more of them than nodes, and drawn lightly they read
	// as bundles.
	return LayoutOptions{NodeWidth: 190, NodeHeight: 24, LayerGap: 90, NodeGap: 10,
		EdgeGap: 3, EdgeSpacing: 1, DummyHeight: 0, Sweeps: 8, Rounds: 4}
}

// Layout is a left-to-right layered drawing of a graph: node i's box has its
// top-left corner at (X[i], Y[i]) and is NodeWidth × NodeHeight.
type Layout struct {
	Width      int `json:"width"`
	Height     int `json:"height"`
	NodeWidth  int `json:"node_width"`
	NodeHeight int `json:"node_height"`
	Layers     int `json:"layers"`
	// Layer and Order give each node's layer and its rank in that layer
	// (counting the edges that pass through it); views around one node keep
	// both, so they look like the whole drawing, only smaller.
	Layer []int `json:"layer"`
	Order []int `json:"order"`
	X     []int `json:"x"`
	Y     []int `json:"y"`
	// Paths holds, per input edge, its polyline flattened as x0,y0,x1,y1,…
	// from the upstream node's right side, through the layers it crosses, to
	// the downstream node's left side; empty for a self-loop.
	Paths     [][]int `json:"paths"`
	Crossings int     `json:"crossings"` // edge crossings between adjacent layers
}

// graph is the working state of one layout: real nodes are items 0..n-1,
// the dummy items that long edges pass through come after them.
type graph struct {
	n      int
	layer  []int
	half   []int   // half height of each item
	preds  [][]int // items in the previous layer
	succs  [][]int // items in the next layer
	layers [][]int // items of each layer, in order
	pos    []int   // rank of each item in its layer
	chains [][]int // per input edge: the items it passes through, upstream first
	rev    []bool  // per input edge: drawn reversed to break a cycle
}

// Layered lays out a directed graph of n nodes in layers, Sugiyama style:
// cycles are broken by reversing the back edges of a depth-first search,
// layers are the longest path from a root (with a cap on the nodes per
// layer, see LayoutOptions.MaxLayerNodes), edges spanning several layers
// pass through one dummy item per layer, the order inside layers comes from
// barycentric sweeps (the order with the fewest crossings wins), and the
// vertical positions are pulled towards the neighbours' average while
// keeping the order and the gaps. Everything iterates in index order, so the
// same graph always gets the same drawing.
func Layered(n int, edges [][2]int, opt LayoutOptions) *Layout {
	g := &graph{n: n}
	g.rev = breakCycles(n, edges)
	g.layer = assignLayers(n, edges, g.rev, layerCap(n, opt))
	g.addChains(edges, opt)
	g.order(opt.Sweeps)
	ys := g.coordinates(opt)
	return g.drawing(ys, opt)
}

// breakCycles marks the edges that close a cycle (back edges of a DFS from
// each node in index order); reversing them leaves a DAG.
func breakCycles(n int, edges [][2]int) []bool {
	out := make([][]int, n) // edge indices by source
	for i, e := range edges {
		out[e[0]] = append(out[e[0]], i)
	}
	rev := make([]bool, len(edges))
	state := make([]byte, n) // 0 new, 1 on the stack, 2 done
	type frame struct{ v, next int }
	for root := 0; root < n; root++ {
		if state[root] != 0 {
			continue
		}
		stack := []frame{{root, 0}}
		state[root] = 1
		for len(stack) > 0 {
			f := &stack[len(stack)-1]
			if f.next == len(out[f.v]) {
				state[f.v] = 2
				stack = stack[:len(stack)-1]
				continue
			}
			ei := out[f.v][f.next]
			f.next++
			w := edges[ei][1]
			switch state[w] {
			case 0:
				state[w] = 1
				stack = append(stack, frame{w, 0})
			case 1:
				rev[ei] = w != f.v // a self-loop is ignored, not reversed
			}
		}
	}
	return rev
}

// layerCap is the most nodes a layer may hold (n when there is no cap).
func layerCap(n int, opt LayoutOptions) int {
	switch {
	case opt.MaxLayerNodes > 0:
		return opt.MaxLayerNodes
	case opt.MaxLayerNodes < 0:
		return max(n, 1)
	}
	// c nodes per layer and n/c layers make a drawing of n/c × layer step
	// by c × node step: square when c² = n × layer step / node step.
	step := float64(opt.NodeWidth + opt.LayerGap)
	row := float64(max(opt.NodeHeight+opt.NodeGap, 1))
	return max(8, int(math.Ceil(math.Sqrt(float64(n)*step/row))))
}

// assignLayers puts each node in the first layer after all its
// predecessors (longest-path layering, over the edges with back edges
// reversed) that has room under the cap, visiting nodes in a topological
// order that takes the ready nodes by index.
func assignLayers(n int, edges [][2]int, rev []bool, limit int) []int {
	indeg := make([]int, n)
	out := make([][]int, n)
	for i, e := range edges {
		u, v := e[0], e[1]
		if u == v {
			continue
		}
		if rev[i] {
			u, v = v, u
		}
		out[u] = append(out[u], v)
		indeg[v]++
	}
	layer := make([]int, n) // while queued: the earliest layer allowed
	var size []int          // nodes placed per layer
	queue := make([]int, 0, n)
	for v := 0; v < n; v++ {
		if indeg[v] == 0 {
			queue = append(queue, v)
		}
	}
	for i := 0; i < len(queue); i++ {
		u := queue[i]
		for layer[u] < len(size) && size[layer[u]] >= limit {
			layer[u]++
		}
		for layer[u] >= len(size) {
			size = append(size, 0)
		}
		size[layer[u]]++
		for _, v := range out[u] {
			layer[v] = max(layer[v], layer[u]+1)
			if indeg[v]--; indeg[v] == 0 {
				queue = append(queue, v)
			}
		}
	}
	return layer
}

// addChains creates the dummy items of long edges and the adjacency between
// items of neighbouring layers.
func (g *graph) addChains(edges [][2]int, opt LayoutOptions) {
	g.half = make([]int, g.n)
	for i := range g.half {
		g.half[i] = (opt.NodeHeight + 1) / 2 // rounded up: odd heights must not overlap
	}
	g.chains = make([][]int, len(edges))
	for i, e := range edges {
		u, v := e[0], e[1]
		if u == v {
			continue
		}
		if g.rev[i] {
			u, v = v, u
		}
		chain := []int{u}
		for l := g.layer[u] + 1; l < g.layer[v]; l++ {
			chain = append(chain, len(g.layer))
			g.layer = append(g.layer, l)
			g.half = append(g.half, (opt.DummyHeight+1)/2)
		}
		g.chains[i] = append(chain, v)
	}
	items := len(g.layer)
	g.preds = make([][]int, items)
	g.succs = make([][]int, items)
	for _, c := range g.chains {
		for k := 1; k < len(c); k++ {
			g.succs[c[k-1]] = append(g.succs[c[k-1]], c[k])
			g.preds[c[k]] = append(g.preds[c[k]], c[k-1])
		}
	}
	nl := 0
	for _, l := range g.layer {
		nl = max(nl, l+1)
	}
	g.layers = make([][]int, nl)
	g.pos = make([]int, items)
	for it, l := range g.layer {
		g.pos[it] = len(g.layers[l])
		g.layers[l] = append(g.layers[l], it)
	}
}

// order runs the barycentric sweeps and keeps the order with the fewest
// crossings.
func (g *graph) order(sweeps int) {
	best, bestX := g.snapshot(), g.crossings()
	for s := 0; s < sweeps && bestX > 0; s++ {
		if s%2 == 0 {
			for l := 1; l < len(g.layers); l++ {
				g.sortLayer(l, g.preds)
			}
		} else {
			for l := len(g.layers) - 2; l >= 0; l-- {
				g.sortLayer(l, g.succs)
			}
		}
		if x := g.crossings(); x < bestX {
			best, bestX = g.snapshot(), x
		}
	}
	g.layers = best
	for _, items := range g.layers {
		for i, it := range items {
			g.pos[it] = i
		}
	}
}

// sortLayer orders layer l by the mean rank of each item's neighbours in the
// adjacent layer; an item without neighbours keeps its rank. The sort is
// stable so ties keep the previous order.
func (g *graph) sortLayer(l int, nbrs [][]int) {
	items := g.layers[l]
	key := make([]float64, len(items)) // by current rank, which is the index in items
	for i, it := range items {
		key[i] = float64(i)
		if len(nbrs[it]) > 0 {
			sum := 0
			for _, o := range nbrs[it] {
				sum += g.pos[o]
			}
			key[i] = float64(sum) / float64(len(nbrs[it]))
		}
	}
	idx := make([]int, len(items))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return key[idx[a]] < key[idx[b]] })
	sorted := make([]int, len(items))
	for i, k := range idx {
		sorted[i] = items[k]
	}
	copy(items, sorted)
	for i, it := range items {
		g.pos[it] = i
	}
}

func (g *graph) snapshot() [][]int {
	s := make([][]int, len(g.layers))
	for l, items := range g.layers {
		s[l] = append([]int(nil), items...)
	}
	return s
}

// crossings counts the crossings between every pair of adjacent layers: for
// the edges sorted by upstream rank, a crossing is an inversion of the
// downstream ranks, counted with a Fenwick tree in O(E log V).
func (g *graph) crossings() int {
	total := 0
	for l := 0; l+1 < len(g.layers); l++ {
		var es [][2]int
		for _, u := range g.layers[l] {
			for _, v := range g.succs[u] {
				es = append(es, [2]int{g.pos[u], g.pos[v]})
			}
		}
		sort.Slice(es, func(i, j int) bool {
			if es[i][0] != es[j][0] {
				return es[i][0] < es[j][0]
			}
			return es[i][1] < es[j][1]
		})
		tree := make([]int, len(g.layers[l+1])+1)
		for k, e := range es {
			le := 0 // edges seen so far ending at or above e's end
			for i := e[1] + 1; i > 0; i -= i & -i {
				le += tree[i]
			}
			total += k - le
			for i := e[1] + 1; i < len(tree); i += i & -i {
				tree[i]++
			}
		}
	}
	return total
}

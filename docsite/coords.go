package docsite

// coordinates gives every item the y of its centre. Items start packed from
// the top; each round then pulls every layer towards its neighbours, first
// downwards (towards predecessors) then upwards (towards successors). Every
// layer stays within the height of the tallest packed layer: left free,
// the pulls spread each layer a little more than the one before and a big
// drawing ends up twice as tall as it needs to be.
func (g *graph) coordinates(opt LayoutOptions) []float64 {
	y := make([]float64, len(g.layer))
	height := 0.0
	for _, items := range g.layers {
		at := 0.0
		for i, it := range items {
			if i > 0 {
				at += g.sep(items[i-1], it, opt)
			}
			y[it] = at
		}
		height = max(height, at)
	}
	for r := 0; r < opt.Rounds; r++ {
		for l := 1; l < len(g.layers); l++ {
			g.place(g.layers[l], g.preds, y, height, opt)
		}
		for l := len(g.layers) - 2; l >= 0; l-- {
			g.place(g.layers[l], g.succs, y, height, opt)
		}
	}
	lo := 0.0
	for it := range y {
		lo = min(lo, y[it]-float64(g.half[it]))
	}
	for it := range y {
		y[it] -= lo
	}
	return y
}

// sep is the least distance between the centres of two neighbouring items.
func (g *graph) sep(a, b int, opt LayoutOptions) float64 {
	gap := opt.NodeGap
	switch {
	case a >= g.n && b >= g.n:
		gap = opt.EdgeSpacing
	case a >= g.n || b >= g.n:
		gap = opt.EdgeGap
	}
	return float64(g.half[a] + g.half[b] + gap)
}

// place moves the items of one layer as close as it can to the mean centre
// of their neighbours, keeping their order and gaps, between 0 and height.
// Pushing forwards from the wanted positions gives one valid placement,
// pushing backwards another; both keep every gap, so their mean does too,
// and the mean does not drift the layer up or down the way either pass
// alone would. Each wanted position is first clamped to where the item
// can be with all items before it packed above and all after it packed
// below, which keeps both passes, and so their mean, within the height.
func (g *graph) place(items []int, nbrs [][]int, y []float64, height float64, opt LayoutOptions) {
	if len(items) == 0 {
		return
	}
	prefix := make([]float64, len(items)) // packed distance from the first item
	for i := 1; i < len(items); i++ {
		prefix[i] = prefix[i-1] + g.sep(items[i-1], items[i], opt)
	}
	total := prefix[len(items)-1]
	want := make([]float64, len(items))
	for i, it := range items {
		want[i] = y[it]
		if len(nbrs[it]) > 0 {
			sum := 0.0
			for _, o := range nbrs[it] {
				sum += y[o]
			}
			want[i] = sum / float64(len(nbrs[it]))
		}
		want[i] = min(max(want[i], prefix[i]), height-(total-prefix[i]))
	}
	fwd := make([]float64, len(items))
	bwd := make([]float64, len(items))
	fwd[0] = want[0]
	for i := 1; i < len(items); i++ {
		fwd[i] = max(want[i], fwd[i-1]+g.sep(items[i-1], items[i], opt))
	}
	last := len(items) - 1
	bwd[last] = want[last]
	for i := last - 1; i >= 0; i-- {
		bwd[i] = min(want[i], bwd[i+1]-g.sep(items[i], items[i+1], opt))
	}
	for i, it := range items {
		y[it] = (fwd[i] + bwd[i]) / 2
	}
}

// drawing rounds the positions to pixels and builds the edge polylines.
// Rounding keeps the gaps: round is monotonic and the gaps are whole
// pixels.
func (g *graph) drawing(y []float64, opt LayoutOptions) *Layout {
	step := opt.NodeWidth + opt.LayerGap
	cy := make([]int, len(y))
	for it := range y {
		cy[it] = int(y[it] + 0.5)
	}
	lay := &Layout{NodeWidth: opt.NodeWidth, NodeHeight: opt.NodeHeight, Layers: len(g.layers),
		Layer: g.layer[:g.n], Order: g.pos[:g.n], X: make([]int, g.n), Y: make([]int, g.n),
		Paths: make([][]int, len(g.chains)), Crossings: g.crossings()}
	for v := 0; v < g.n; v++ {
		lay.X[v] = g.layer[v] * step
		lay.Y[v] = cy[v] - g.half[v]
	}
	for it := range cy {
		lay.Height = max(lay.Height, cy[it]+g.half[it])
	}
	if len(g.layers) > 0 {
		lay.Width = len(g.layers)*step - opt.LayerGap
	}
	for i, c := range g.chains {
		if len(c) == 0 {
			lay.Paths[i] = []int{}
			continue
		}
		p := []int{g.layer[c[0]]*step + opt.NodeWidth, cy[c[0]]}
		for _, d := range c[1 : len(c)-1] {
			x := g.layer[d] * step
			p = append(p, x, cy[d], x+opt.NodeWidth, cy[d])
		}
		last := c[len(c)-1]
		p = append(p, g.layer[last]*step, cy[last])
		if g.rev[i] {
			reversePoints(p)
		}
		lay.Paths[i] = p
	}
	return lay
}

// reversePoints reverses a flattened polyline in place, point by point.
func reversePoints(p []int) {
	for i, j := 0, len(p)-2; i < j; i, j = i+2, j-2 {
		p[i], p[j] = p[j], p[i]
		p[i+1], p[j+1] = p[j+1], p[i+1]
	}
}

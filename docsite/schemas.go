package docsite

import "sort"

// SchemaView is the whole project collapsed by schema: one box per schema,
// one edge per pair of schemas with any dependency between them. At 2,000
// nodes this is the overview that stays readable; the full drawing is for
// zooming in.
type SchemaView struct {
	Names []string `json:"names"` // schemas, sorted; sinks without a schema are grouped as "(sinks)"
	Sizes []int    `json:"sizes"` // nodes per schema
	Of    []int    `json:"of"`    // per node, the index of its group
	Edges [][2]int `json:"edges"` // [upstream group, downstream group], sorted
	// Weights counts the node edges behind each group edge.
	Weights []int   `json:"weights"`
	Layout  *Layout `json:"layout"`
}

// group is the box a node belongs to in the collapsed view.
func group(n Node) string {
	if n.Schema != "" {
		return n.Schema
	}
	return "(" + n.Kind + "s)"
}

func schemaView(s *Site, opt LayoutOptions) *SchemaView {
	v := &SchemaView{Of: make([]int, len(s.Nodes)), Edges: [][2]int{}, Weights: []int{}}
	idx := map[string]int{}
	for _, n := range s.Nodes {
		idx[group(n)] = 0
	}
	for name := range idx {
		v.Names = append(v.Names, name)
	}
	sort.Strings(v.Names)
	v.Sizes = make([]int, len(v.Names))
	for i, name := range v.Names {
		idx[name] = i
	}
	for i, n := range s.Nodes {
		v.Of[i] = idx[group(n)]
		v.Sizes[v.Of[i]]++
	}
	weight := map[[2]int]int{}
	for _, e := range s.Edges {
		ge := [2]int{v.Of[e[0]], v.Of[e[1]]}
		if ge[0] != ge[1] {
			weight[ge]++
		}
	}
	for ge := range weight {
		v.Edges = append(v.Edges, ge)
	}
	sort.Slice(v.Edges, func(a, b int) bool {
		if v.Edges[a][0] != v.Edges[b][0] {
			return v.Edges[a][0] < v.Edges[b][0]
		}
		return v.Edges[a][1] < v.Edges[b][1]
	})
	for _, ge := range v.Edges {
		v.Weights = append(v.Weights, weight[ge])
	}
	v.Layout = Layered(len(v.Names), v.Edges, opt)
	return v
}

package models

import "container/heap"

// TopoOrder returns nodes so that every node comes after the nodes it
// depends on; among nodes that are ready at once, names decide, so the order
// is stable. Dependencies outside nodes are ignored; nodes on a cycle are
// left out (the compiler reports cycles before anyone needs an order).
func TopoOrder(nodes []*Node) []*Node {
	byName := make(map[string]*Node, len(nodes))
	for _, n := range nodes {
		if n.Kind != KindSink || byName[n.Name] == nil {
			byName[n.Name] = n
		}
	}
	indeg := make(map[*Node]int, len(nodes))
	users := make(map[*Node][]*Node, len(nodes))
	for _, n := range nodes {
		indeg[n] += 0
		for _, d := range n.DependsOn {
			if p := byName[d]; p != nil && p != n {
				indeg[n]++
				users[p] = append(users[p], n)
			} else if p == n {
				indeg[n]++ // a self-reference is a cycle
			}
		}
	}
	ready := &nodeHeap{}
	for _, n := range nodes {
		if indeg[n] == 0 {
			heap.Push(ready, n)
		}
	}
	out := make([]*Node, 0, len(nodes))
	for ready.Len() > 0 {
		n := heap.Pop(ready).(*Node)
		out = append(out, n)
		for _, u := range users[n] {
			indeg[u]--
			if indeg[u] == 0 {
				heap.Push(ready, u)
			}
		}
	}
	return out
}

// nodeHeap orders ready nodes by name, then kind.
type nodeHeap []*Node

func (h nodeHeap) Len() int { return len(h) }
func (h nodeHeap) Less(i, j int) bool {
	if h[i].Name != h[j].Name {
		return h[i].Name < h[j].Name
	}
	return h[i].Kind < h[j].Kind
}
func (h nodeHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *nodeHeap) Push(x any)   { *h = append(*h, x.(*Node)) }
func (h *nodeHeap) Pop() any {
	old := *h
	n := old[len(old)-1]
	*h = old[:len(old)-1]
	return n
}

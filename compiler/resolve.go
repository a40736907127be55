package compiler

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/dominikbraun/graph"
	"github.com/quill-etl/quill/compiler/sqlparse"
	"github.com/quill-etl/quill/models"
	"github.com/quill-etl/quill/models/diag"
)

// resolve maps every relation a model reads to its producer. Unqualified
// names resolve to the one relation of that name in any schema.
func (c *compilation) resolve() diag.Diagnostics {
	var diags diag.Diagnostics
	byBare, names := c.relationIndex()
	for _, n := range c.p.Nodes {
		pm := c.parsed[n]
		if pm != nil {
			for _, r := range pm.refs {
				target, at, d := c.resolveRef(n, r, byBare, names)
				if d != nil {
					d.Addr = n.Name
					diags = diags.Append(*d)
					continue
				}
				n.Refs = append(n.Refs, models.Ref{Name: target, At: at})
			}
		}
		diags = diags.Append(c.checkDeclaredRefs(n, names))
		n.DependsOn = uniqueSorted(n.Refs)
	}
	return diags
}

// resolveRef resolves one relation reference of n's SQL to its producer,
// with the range where it is written in the file the user wrote.
func (c *compilation) resolveRef(n *models.Node, r sqlparse.RelRef, byBare map[string][]string, names []string) (string, diag.Range, *diag.Diagnostic) {
	start := n.Map.Orig(r.Offset)
	end := n.Map.Orig(r.Offset+r.Len-1) + 1
	at := diag.RangeOf(n.File, []byte(n.RawSQL), start, end)
	written := r.Name
	if r.Schema != "" {
		written = r.Schema + "." + r.Name
	}
	name, d := lookup(written, r.Schema == "", byBare, c.byName, names, at)
	return name, at, d
}

// relationIndex lists the project's relations by bare name, and all their
// names sorted (the candidates of "did you mean").
func (c *compilation) relationIndex() (byBare map[string][]string, names []string) {
	byBare = map[string][]string{}
	names = make([]string, 0, len(c.byName))
	for name := range c.byName {
		_, bare := models.Relation(name)
		byBare[bare] = append(byBare[bare], name)
		names = append(names, name)
	}
	sort.Strings(names)
	return byBare, names
}

// checkDeclaredRefs validates refs that come from HCL (sink from, depends_on).
func (c *compilation) checkDeclaredRefs(n *models.Node, names []string) diag.Diagnostics {
	var diags diag.Diagnostics
	kept := n.Refs[:0]
	for _, r := range n.Refs {
		if _, ok := c.byName[r.Name]; ok {
			kept = append(kept, r)
			continue
		}
		at := r.At
		d := unknown(r.Name, names, &at)
		d.Addr = n.Name
		diags = diags.Append(d)
	}
	n.Refs = kept
	return diags
}

func lookup(written string, bare bool, byBare map[string][]string, byName map[string]*models.Node, names []string, at diag.Range) (string, *diag.Diagnostic) {
	if !bare {
		if _, ok := byName[written]; ok {
			return written, nil
		}
		d := unknown(written, names, &at)
		return "", &d
	}
	switch cands := byBare[written]; len(cands) {
	case 1:
		return cands[0], nil
	case 0:
		d := unknown(written, names, &at)
		return "", &d
	default:
		sort.Strings(cands)
		return "", &diag.Diagnostic{Severity: diag.Error, Code: "QL002", Subject: &at,
			Summary: fmt.Sprintf("ambiguous relation %q", written),
			Detail:  fmt.Sprintf("%q could be any of %s; qualify it with its schema.", written, strings.Join(cands, ", "))}
	}
}

func unknown(name string, names []string, at *diag.Range) diag.Diagnostic {
	d := diag.Diagnostic{Severity: diag.Error, Code: "QL002", Subject: at,
		Summary: fmt.Sprintf("unknown relation %q", name),
		Detail:  fmt.Sprintf("Nothing in this project produces %q and no external source declares it.", name)}
	if s := suggest(name, names); s != "" {
		d.Detail += fmt.Sprintf("\nDid you mean %q?", s)
	}
	return d
}

func uniqueSorted(refs []models.Ref) []string {
	seen := map[string]bool{}
	out := []string{}
	for _, r := range refs {
		if !seen[r.Name] {
			seen[r.Name] = true
			out = append(out, r.Name)
		}
	}
	sort.Strings(out)
	return out
}

// graph builds the dependency graph and returns the nodes in a stable
// topological order, or a diagnostic per cycle.
func (c *compilation) graph() ([]*models.Node, diag.Diagnostics) {
	g := graph.New(graph.StringHash, graph.Directed())
	byName := map[string]*models.Node{}
	for _, n := range c.p.Nodes {
		key := string(n.Kind) + ":" + n.Name
		byName[key] = n
		_ = g.AddVertex(key) // keys are unique by construction
	}
	for _, n := range c.p.Nodes {
		for _, d := range n.DependsOn {
			if p := c.byName[d]; p != nil {
				_ = g.AddEdge(string(p.Kind)+":"+d, string(n.Kind)+":"+n.Name)
			}
		}
	}
	sccs, err := graph.StronglyConnectedComponents(g)
	if err != nil {
		return nil, diag.Diagnostics{diag.Errorf("QL000", "internal error: %v", err)}
	}
	var diags diag.Diagnostics
	for _, scc := range sccs {
		if len(scc) > 1 || selfLoop(byName[scc[0]]) {
			diags = diags.Append(c.cycle(scc, byName))
		}
	}
	if diags.HasErrors() {
		return nil, diags
	}
	// graph.StableTopologicalSort re-sorts at every step (quadratic on 2,000
	// models); models.TopoOrder gives the same order with a heap.
	return models.TopoOrder(c.p.Nodes), nil
}

func selfLoop(n *models.Node) bool {
	for _, d := range n.DependsOn {
		if d == n.Name {
			return true
		}
	}
	return false
}

// cycle reports one cycle through a strongly connected component, printed
// as a → b → a, at the reference that closes it in the first member's file.
func (c *compilation) cycle(scc []string, byName map[string]*models.Node) diag.Diagnostic {
	in := map[string]bool{}
	for _, k := range scc {
		in[byName[k].Name] = true
	}
	sort.Strings(scc)
	start := byName[scc[0]]
	path := []*models.Node{start}
	seen := map[string]bool{start.Name: true}
	cur := start
	for {
		var next *models.Node
		for _, d := range cur.DependsOn {
			if in[d] {
				next = c.byName[d]
				break
			}
		}
		if next == nil || seen[next.Name] {
			if next != nil {
				path = append(path, next)
			}
			break
		}
		seen[next.Name] = true
		path = append(path, next)
		cur = next
	}
	names := make([]string, len(path))
	for i, n := range path {
		names[i] = n.Name
	}
	// The path follows "reads" edges; show it in data-flow order.
	for i, j := 0, len(names)-1; i < j; i, j = i+1, j-1 {
		names[i], names[j] = names[j], names[i]
	}
	d := diag.Diagnostic{Severity: diag.Error, Code: "QL004", Addr: start.Name,
		Summary: "dependency cycle: " + strings.Join(names, " → "),
		Detail:  "Each relation in the cycle reads the next one; break the cycle by removing one of these references."}
	if len(path) > 1 {
		for _, r := range start.Refs {
			if r.Name == path[1].Name {
				at := r.At
				d.Subject = &at
				break
			}
		}
	}
	return d
}

// parallel runs fn(0..n-1) on up to workers goroutines.
func parallel(ctx context.Context, n, workers int, fn func(i int)) {
	if workers <= 0 {
		workers = 4
	}
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < workers && w < n; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(i)
			}
		}()
	}
	for i := 0; i < n && ctx.Err() == nil; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
}

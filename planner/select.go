package planner

import (
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/quill-etl/quill/models"
	"github.com/quill-etl/quill/models/diag"
)

// Select resolves dbt-style selectors to the set of selected node names.
// Selectors are separated by spaces or commas and their results are united:
//
//	name          one node ("staging.users"; a bare "users" matches any schema)
//	schema.*      every node of a schema (any glob works: "stg_*.*")
//	tag:x         nodes tagged x
//	state:modified  nodes that apply would create or replace
//	+sel / sel+   sel with all its ancestors / descendants
//
// No selector selects every node.
func Select(p *models.Project, st State, selectors []string) (map[string]bool, diag.Diagnostics) {
	sel := map[string]bool{}
	var diags diag.Diagnostics
	var terms []string
	for _, s := range selectors {
		terms = append(terms, strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' })...)
	}
	if len(terms) == 0 {
		for _, n := range p.Nodes {
			sel[n.Name] = true
		}
		return sel, nil
	}
	for _, term := range terms {
		up := strings.HasPrefix(term, "+")
		down := strings.HasSuffix(term, "+")
		core := strings.TrimSuffix(strings.TrimPrefix(term, "+"), "+")
		base, err := match(p, st, core)
		if err != nil {
			diags = diags.Append(diag.Errorf("QL401", "%v", err))
			continue
		}
		for _, name := range base {
			sel[name] = true
			if up {
				walk(p, name, ancestors(p), sel)
			}
			if down {
				walk(p, name, descendants(p), sel)
			}
		}
	}
	return sel, diags
}

func match(p *models.Project, st State, core string) ([]string, error) {
	var out []string
	switch {
	case strings.HasPrefix(core, "tag:"):
		tag := strings.TrimPrefix(core, "tag:")
		for _, n := range p.Nodes {
			for _, t := range n.Tags {
				if t == tag {
					out = append(out, n.Name)
					break
				}
			}
		}
		if len(out) == 0 {
			return nil, fmt.Errorf("selector %q matches no node: no node has tag %q", core, tag)
		}
		return out, nil
	case core == "state:modified":
		for _, n := range p.Nodes {
			if !n.Builds() {
				continue
			}
			prev, ok := st.Nodes[n.Name]
			if !ok || prev.Fingerprint != n.Fingerprint {
				out = append(out, n.Name)
			}
		}
		return out, nil
	case strings.Contains(core, ":"):
		return nil, fmt.Errorf("unknown selector method in %q: use name, schema.*, tag:x or state:modified", core)
	}
	for _, n := range p.Nodes {
		ok, err := path.Match(core, n.Name)
		if err != nil {
			return nil, fmt.Errorf("bad selector %q: %v", core, err)
		}
		_, rel := models.Relation(n.Name)
		if ok || (!strings.Contains(core, ".") && rel == core) {
			out = append(out, n.Name)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("selector %q matches no node", core)
	}
	return out, nil
}

func ancestors(p *models.Project) map[string][]string {
	m := map[string][]string{}
	for _, n := range p.Nodes {
		m[n.Name] = n.DependsOn
	}
	return m
}

func descendants(p *models.Project) map[string][]string {
	m := map[string][]string{}
	for _, n := range p.Nodes {
		for _, d := range n.DependsOn {
			m[d] = append(m[d], n.Name)
		}
	}
	for k := range m {
		sort.Strings(m[k])
	}
	return m
}

func walk(p *models.Project, from string, edges map[string][]string, sel map[string]bool) {
	stack := []string{from}
	seen := map[string]bool{from: true}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, next := range edges[n] {
			if !seen[next] && p.Node(next) != nil {
				seen[next] = true
				sel[next] = true
				stack = append(stack, next)
			}
		}
	}
}

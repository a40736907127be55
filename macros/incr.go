package macros

// UsesIsIncremental reports whether a model calls is_incremental(), directly
// or through the macros it calls, in any branch. The compiler puts this in
// the model's fingerprint, since such a model's SQL depends on whether its
// relation already exists. It is cheap: models without template syntax are
// answered without parsing.
func UsesIsIncremental(src []byte, lib *Library) bool {
	if !hasSyntax(src) {
		return false
	}
	nodes, _, _ := parseTemplate("", src, false)
	found := false
	walkCalls(nodes, func(name string) {
		if name == "is_incremental" || lib.Macro(name) != nil && lib.Macro(name).incr {
			found = true
		}
	})
	return found
}

// markIncremental sets Macro.incr on every macro that reaches
// is_incremental() through any chain of calls (a fixpoint over the call
// graph, which may have cycles).
func (lib *Library) markIncremental() {
	calls := make(map[*Macro][]string, len(lib.macros))
	for _, m := range lib.macros {
		var names []string
		walkCalls(m.body, func(n string) { names = append(names, n) })
		for _, p := range m.Params {
			walkExpr(p.def, func(n string) { names = append(names, n) })
		}
		calls[m] = names
	}
	for changed := true; changed; {
		changed = false
		for m, names := range calls {
			if m.incr {
				continue
			}
			for _, n := range names {
				if callee := lib.macros[n]; n == "is_incremental" || callee != nil && callee.incr {
					m.incr, changed = true, true
					break
				}
			}
		}
	}
}

// walkCalls calls fn with the name of every call in nodes.
func walkCalls(nodes []node, fn func(string)) {
	for _, n := range nodes {
		switch n := n.(type) {
		case *outNode:
			walkExpr(n.x, fn)
		case *ifNode:
			for _, br := range n.branches {
				walkExpr(br.cond, fn)
				walkCalls(br.body, fn)
			}
			walkCalls(n.els, fn)
		}
	}
}

func walkExpr(x expr, fn func(string)) {
	switch x := x.(type) {
	case *callExpr:
		fn(x.name)
		for _, a := range x.args {
			walkExpr(a, fn)
		}
		for _, k := range x.kwargs {
			walkExpr(k.x, fn)
		}
	case *attrExpr:
		walkExpr(x.x, fn)
	case *notExpr:
		walkExpr(x.x, fn)
	case *binExpr:
		walkExpr(x.l, fn)
		walkExpr(x.r, fn)
	}
}

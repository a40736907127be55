package macros

import (
	"github.com/quill-etl/quill/models"
	"github.com/quill-etl/quill/models/diag"
)

// output collects expanded text and, for the model itself, the source map.
type output struct {
	buf   []byte
	segs  []models.Segment
	track bool // record segments: only for the model, whose offsets the map is about
}

// verbatim copies src[s:e], which maps 1:1 to the same offsets.
func (o *output) verbatim(src []byte, s, e int) {
	if e <= s {
		return
	}
	if o.track {
		n := len(o.segs)
		if n > 0 && o.segs[n-1].Verbatim && o.segs[n-1].Exp+o.segs[n-1].Len == len(o.buf) && o.segs[n-1].Orig+o.segs[n-1].Len == s {
			o.segs[n-1].Len += e - s
		} else {
			o.segs = append(o.segs, models.Segment{Exp: len(o.buf), Len: e - s, Orig: s, Verbatim: true})
		}
	}
	o.buf = append(o.buf, src[s:e]...)
}

// subst appends text produced by the tag written at orig.
func (o *output) subst(orig int, text string) {
	if text == "" {
		return
	}
	if o.track {
		o.segs = append(o.segs, models.Segment{Exp: len(o.buf), Len: len(text), Orig: orig})
	}
	o.buf = append(o.buf, text...)
}

// Expand expands the template syntax of one model file. The SourceMap maps
// every offset of the result back to src: verbatim text 1:1, and text a tag
// produced (including everything a macro call expands to) to the tag's
// "{{". Text without template syntax is returned as is, with a one-segment
// identity map. On errors the text expanded so far is still returned.
// lib may be nil when the project has no macros.
func Expand(file string, src []byte, lib *Library, env Env) (string, *models.SourceMap, diag.Diagnostics) {
	if !hasSyntax(src) {
		m := &models.SourceMap{}
		if len(src) > 0 {
			m.Segments = []models.Segment{{Exp: 0, Len: len(src), Orig: 0, Verbatim: true}}
		}
		return string(src), m, nil
	}
	return expand(file, src, lib, env)
}

// expand is Expand's slow path, apart so that taking env's address does not
// move it to the heap on the fast path.
func expand(file string, src []byte, lib *Library, env Env) (string, *models.SourceMap, diag.Diagnostics) {
	nodes, _, diags := parseTemplate(file, src, false)
	ev := &evaluator{lib: lib, env: &env, file: file, src: src, globals: env.globals(), diags: diags}
	o := output{track: true, buf: make([]byte, 0, len(src)+len(src)/4)}
	ev.render(nodes, src, &o)
	if o.segs == nil {
		o.segs = []models.Segment{}
	}
	ev.diags.Sort()
	return string(o.buf), &models.SourceMap{Segments: o.segs}, ev.diags
}

// render expands nodes whose offsets index src.
func (ev *evaluator) render(nodes []node, src []byte, o *output) {
	for _, n := range nodes {
		switch n := n.(type) {
		case *textNode:
			o.verbatim(src, n.start, n.end)
		case *outNode:
			if v, ok := ev.eval(n.x); ok {
				o.subst(n.start, v.text())
			}
		case *ifNode:
			ev.renderIf(n, src, o)
		}
	}
}

// renderIf renders the first branch whose condition holds. A condition that
// fails to evaluate (already reported) ends the chain: guessing a branch
// would only add confusing errors.
func (ev *evaluator) renderIf(n *ifNode, src []byte, o *output) {
	for _, br := range n.branches {
		if br.cond == nil {
			return
		}
		v, ok := ev.eval(br.cond)
		if !ok {
			return
		}
		if v.truthy() {
			ev.render(br.body, src, o)
			return
		}
	}
	ev.render(n.els, src, o)
}

package macros

import (
	"fmt"

	"github.com/quill-etl/quill/models/diag"
)

// frame is an open block while tags are matched: an if chain or a macro.
type frame struct {
	ifn   *ifNode
	macro *Macro
	inEls bool
	start int // offset of the opening tag, for "missing endif" errors
}

// builder matches block tags and builds the node tree of a template.
type builder struct {
	*scanner
	library bool // macros/*.sql: {% macro %} is allowed, at top level only
	root    []node
	stack   []*frame
	macros  []*Macro
}

// parseTemplate parses a model (library false) or a macro file (library
// true). Diagnostics point into file.
func parseTemplate(file string, src []byte, library bool) ([]node, []*Macro, diag.Diagnostics) {
	b := &builder{scanner: &scanner{file: file, src: src}, library: library}
	b.scan()
	for _, it := range b.items {
		b.add(it)
	}
	for i := len(b.stack) - 1; i >= 0; i-- {
		f := b.stack[i]
		want, what := "{% endif %}", "if"
		if f.macro != nil {
			want, what = "{% endmacro %}", "macro"
			f.macro.broken = true
		}
		b.errAt(CodeBlock, f.start, f.start+2, fmt.Sprintf("unclosed {%% %s %%}", what),
			fmt.Sprintf("This block has no %s.", want))
	}
	return b.root, b.macros, b.diags
}

// body returns the node list that items are currently added to.
func (b *builder) body() *[]node {
	if len(b.stack) == 0 {
		return &b.root
	}
	f := b.stack[len(b.stack)-1]
	switch {
	case f.macro != nil:
		return &f.macro.body
	case f.inEls:
		return &f.ifn.els
	}
	return &f.ifn.branches[len(f.ifn.branches)-1].body
}

func (b *builder) add(it item) {
	switch {
	case it.text:
		*b.body() = append(*b.body(), &textNode{start: it.start, end: it.end})
	case !it.stmt:
		p := &parser{toks: it.toks}
		x, perr := p.parseExpr()
		if perr == nil && p.peek().kind != tClose {
			perr = p.fail(p.peek(), "expected }}, found %s")
		}
		if perr != nil {
			b.syntax(perr)
			return
		}
		*b.body() = append(*b.body(), &outNode{x: x, start: it.start, end: it.end})
	default:
		b.stmt(it)
	}
}

func (b *builder) syntax(e *parseError) {
	b.errAt(CodeSyntax, e.start, e.end, e.msg, "")
}

// stmt handles a {% … %} tag.
func (b *builder) stmt(it item) {
	kw := it.toks[0]
	p := &parser{toks: it.toks, i: 1}
	if kw.kind != tIdent {
		b.errAt(CodeSyntax, kw.start, kw.end, "expected a tag name after {%",
			"Tags are {% if %}, {% elif %}, {% else %}, {% endif %}, {% macro %} and {% endmacro %}.")
		return
	}
	switch kw.text {
	case "if", "elif":
		b.ifTag(kw, p, it.start)
	case "else", "endif", "endmacro":
		if !b.end(kw, it) {
			return
		}
		b.noMore(p)
	case "macro":
		b.macroTag(p, it)
	default:
		b.errAt(CodeSyntax, kw.start, kw.end, fmt.Sprintf("unsupported tag %q", kw.text),
			"quill supports {% if %}/{% elif %}/{% else %}/{% endif %} and {% macro %}/{% endmacro %}; use {{ }} for values.")
	}
}

// noMore reports tokens after a tag that takes no arguments.
func (b *builder) noMore(p *parser) {
	if t := p.peek(); t.kind != tClose {
		b.syntax(p.fail(t, "expected %%}, found %s"))
	}
}

func (b *builder) ifTag(kw token, p *parser, start int) {
	cond, perr := p.parseExpr()
	if perr == nil && p.peek().kind != tClose {
		perr = p.fail(p.peek(), "expected %%}, found %s")
	}
	if perr != nil {
		b.syntax(perr)
		cond = nil
	}
	if kw.text == "if" {
		if len(b.stack) >= maxTemplateBlocks {
			b.errAt(CodeBlock, start, start+2, "blocks nested too deeply", "")
			return
		}
		n := &ifNode{branches: []ifBranch{{cond: cond}}}
		*b.body() = append(*b.body(), n)
		b.stack = append(b.stack, &frame{ifn: n, start: start})
		return
	}
	f := b.top()
	if f == nil || f.ifn == nil || f.inEls {
		b.errAt(CodeBlock, kw.start, kw.end, "{% elif %} without {% if %}", "An elif must follow an if or another elif, before any else.")
		return
	}
	f.ifn.branches = append(f.ifn.branches, ifBranch{cond: cond})
}

func (b *builder) top() *frame {
	if len(b.stack) == 0 {
		return nil
	}
	return b.stack[len(b.stack)-1]
}

// end handles else, endif and endmacro; false when the tag does not match
// the open block.
func (b *builder) end(kw token, it item) bool {
	f := b.top()
	switch {
	case kw.text == "else" && f != nil && f.ifn != nil && !f.inEls:
		f.inEls = true
	case kw.text == "endif" && f != nil && f.ifn != nil:
		b.stack = b.stack[:len(b.stack)-1]
	case kw.text == "endmacro" && f != nil && f.macro != nil:
		b.stack = b.stack[:len(b.stack)-1]
		b.macros = append(b.macros, f.macro)
	default:
		open := "{% if %}"
		if kw.text == "endmacro" {
			open = "{% macro %}"
		}
		b.errAt(CodeBlock, it.start, it.end, fmt.Sprintf("unexpected {%% %s %%}", kw.text),
			fmt.Sprintf("There is no open %s for it to close%s.", open, b.openHint()))
		return false
	}
	return true
}

// openHint says which block is open instead, if any.
func (b *builder) openHint() string {
	f := b.top()
	switch {
	case f == nil:
		return ""
	case f.macro != nil:
		return "; the open block is a macro, closed by {% endmacro %}"
	case f.inEls:
		return "; the open if already has its else"
	}
	return "; the open block is an if, closed by {% endif %}"
}

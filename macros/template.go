package macros

import (
	"bytes"
	"fmt"

	"github.com/quill-etl/quill/models/diag"
)

// Diagnostic codes of macro expansion; docs/diagnostics.md documents them.
const (
	CodeUnclosed      = "QL301" // a tag or comment that is never closed
	CodeSyntax        = "QL302" // a malformed expression or tag
	CodeUnknown       = "QL303" // unknown macro, function, name or attribute
	CodeArgs          = "QL304" // wrong arguments to a macro or built-in
	CodeMissingVar    = "QL305" // var("x") without a value or default
	CodeMissingEnv    = "QL306" // env("X") without a value or default
	CodeRecursion     = "QL307" // macro calls nested too deeply (recursion)
	CodeBrokenMacro   = "QL308" // call to a macro whose definition has errors
	CodeBlock         = "QL309" // unbalanced if/elif/else/endif or macro/endmacro
	CodeType          = "QL310" // a value used in a way its type does not allow
	CodeDuplicate     = "QL311" // a macro defined twice or with a reserved name
	CodeMacroInModel  = "QL312" // {% macro %} outside macros/
	maxMacroDepth     = 32      // deeper macro call chains are taken as runaway recursion
	maxTemplateBlocks = 256     // deeper if nesting is rejected, to bound recursion
	maxMacroCalls     = 20000   // more calls for one model means exponential expansion
)

// node is a piece of a parsed template.
type node interface{}

type (
	// textNode is verbatim text [start, end) of the template's file.
	textNode struct{ start, end int }
	// outNode is {{ x }}; start is the offset of "{{".
	outNode struct {
		x          expr
		start, end int
	}
	// ifNode is an if/elif/else chain. A branch whose condition failed to
	// parse has a nil cond and is never taken.
	ifNode struct {
		branches []ifBranch
		els      []node
	}
	ifBranch struct {
		cond expr
		body []node
	}
)

// item is one lexical piece of a template before blocks are matched.
type item struct {
	text       bool // verbatim text, else a tag
	stmt       bool // {% … %} (else {{ … }})
	start, end int  // the whole text or tag
	toks       []token
}

// scanner splits a template into text and tags and reports lexical errors.
type scanner struct {
	file  string
	src   []byte
	items []item
	diags diag.Diagnostics
}

// hasSyntax reports whether src contains any template syntax at all; most
// models do not, and are returned as they are.
func hasSyntax(src []byte) bool { return nextTag(src, 0) < len(src) }

func (sc *scanner) errAt(code string, start, end int, summary, detail string) {
	sc.diags = append(sc.diags, diag.At(code, sc.file, sc.src, start, end, summary, detail))
}

// scan fills sc.items. Whitespace control ({%- and -%}) trims the adjacent
// text here, so that later stages never see it.
func (sc *scanner) scan() {
	src, pos := sc.src, 0
	trimNext := false
	for pos < len(src) {
		i := nextTag(src, pos)
		text := item{text: true, start: pos, end: i}
		if trimNext {
			for text.start < text.end && isSpace(src[text.start]) {
				text.start++
			}
		}
		if i == len(src) {
			sc.addText(text)
			return
		}
		if i+2 < len(src) && src[i+2] == '-' {
			for text.end > text.start && isSpace(src[text.end-1]) {
				text.end--
			}
		}
		sc.addText(text)
		var ok bool
		pos, trimNext, ok = sc.tag(i)
		if !ok {
			return
		}
	}
}

func (sc *scanner) addText(it item) {
	if it.end > it.start {
		sc.items = append(sc.items, it)
	}
}

// nextTag returns the offset of the next "{{", "{%" or "{#" at or after pos,
// or len(src).
func nextTag(src []byte, pos int) int {
	for {
		j := bytes.IndexByte(src[pos:], '{')
		if j < 0 || pos+j+1 >= len(src) {
			return len(src)
		}
		i := pos + j
		if c := src[i+1]; c == '{' || c == '%' || c == '#' {
			return i
		}
		pos = i + 1
	}
}

// tag reads the tag at offset i and returns where scanning goes on, whether
// the next text is trimmed, and false when the rest of the file is lost.
func (sc *scanner) tag(i int) (int, bool, bool) {
	src := sc.src
	body := i + 2
	if body < len(src) && src[body] == '-' {
		body++
	}
	if src[i+1] == '#' {
		j := bytes.Index(src[body:], []byte("#}"))
		if j < 0 {
			sc.errAt(CodeUnclosed, i, i+2, "unclosed comment", `This {# comment has no closing #}.`)
			return len(src), false, false
		}
		end := body + j + 2
		return end, j > 0 && src[body+j-1] == '-', true
	}
	closer := "}}"
	if src[i+1] == '%' {
		closer = "%}"
	}
	toks, lerr := lexTag(src, body, closer)
	if lerr != nil {
		return sc.lexFailed(i, closer, lerr)
	}
	last := toks[len(toks)-1]
	sc.items = append(sc.items, item{stmt: closer == "%}", start: i, end: last.end, toks: toks})
	return last.end, last.text[0] == '-', true
}

// lexFailed reports a lexical error and resumes after the tag's closer when
// there is one.
func (sc *scanner) lexFailed(i int, closer string, lerr *lexError) (int, bool, bool) {
	open := string(sc.src[i : i+2])
	if lerr.unclosed {
		sc.errAt(CodeUnclosed, i, i+2, "unclosed "+open,
			fmt.Sprintf("This %s has no closing %s before the end of the file.", open, closer))
		return len(sc.src), false, false
	}
	sc.errAt(CodeSyntax, lerr.start, lerr.end, lerr.msg, fmt.Sprintf("Inside %s … %s, expressions are literals, names, attributes (target.name), calls, not, and, or, == and !=; arithmetic belongs in the SQL around the tag.", open, closer))
	j := bytes.Index(sc.src[lerr.end:], []byte(closer))
	if j < 0 {
		return len(sc.src), false, false
	}
	return lerr.end + j + len(closer), false, true
}

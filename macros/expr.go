package macros

import (
	"fmt"
	"strconv"
)

// expr is an expression of the template language. Offsets are in the file
// the expression was written in.
type expr interface{ span() (start, end int) }

type (
	litExpr struct {
		v          value
		start, end int
	}
	nameExpr struct {
		name       string
		start, end int
	}
	attrExpr struct {
		x          expr
		name       string
		start, end int
	}
	callExpr struct {
		name       string // only plain names are callable: macros and built-ins
		args       []expr
		kwargs     []kwarg
		start, end int
	}
	notExpr struct {
		x          expr
		start, end int
	}
	binExpr struct {
		op         string // and, or, ==, !=
		l, r       expr
		start, end int
	}
)

type kwarg struct {
	name  string
	x     expr
	start int
}

func (e *litExpr) span() (int, int)  { return e.start, e.end }
func (e *nameExpr) span() (int, int) { return e.start, e.end }
func (e *attrExpr) span() (int, int) { return e.start, e.end }
func (e *callExpr) span() (int, int) { return e.start, e.end }
func (e *notExpr) span() (int, int)  { return e.start, e.end }
func (e *binExpr) span() (int, int)  { return e.start, e.end }

// parser is a recursive-descent parser over one tag's tokens. The grammar,
// loosest first: or, and, not, comparison (== !=), postfix (call, .attr),
// primary (literal, name, parenthesis).
type parser struct {
	toks  []token
	i     int
	depth int // nesting, bounded so hostile input cannot exhaust the stack
}

// parseError is a syntax error at a span of the file.
type parseError struct {
	msg        string
	start, end int
}

func (p *parser) peek() token { return p.toks[p.i] }

func (p *parser) advance() token {
	t := p.toks[p.i]
	if p.i < len(p.toks)-1 {
		p.i++
	}
	return t
}

func (p *parser) is(text string) bool {
	t := p.peek()
	return (t.kind == tPunct || t.kind == tIdent) && t.text == text
}

func (p *parser) fail(t token, format string, args ...any) *parseError {
	what := strconv.Quote(t.text)
	if t.kind == tClose {
		what = "the end of the tag"
	}
	return &parseError{msg: fmt.Sprintf(format, append(args, what)...), start: t.start, end: t.end}
}

func (p *parser) expect(text string) *parseError {
	if !p.is(text) {
		return p.fail(p.peek(), "expected %q, found %s", text)
	}
	p.advance()
	return nil
}

func (p *parser) parseExpr() (expr, *parseError) {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > 64 {
		return nil, p.fail(p.peek(), "expression nested too deeply at %s")
	}
	return p.binary(0)
}

// binary parses the binary levels: 0 or, 1 and, 2 not, 3 comparison.
func (p *parser) binary(level int) (expr, *parseError) {
	switch level {
	case 2:
		if p.is("not") {
			t := p.advance()
			x, err := p.binary(2)
			if err != nil {
				return nil, err
			}
			_, end := x.span()
			return &notExpr{x: x, start: t.start, end: end}, nil
		}
		return p.binary(3)
	case 4:
		return p.postfix()
	}
	ops := opsAt(level)
	l, err := p.binary(level + 1)
	if err != nil {
		return nil, err
	}
	for p.isAny(ops) {
		op := p.advance().text
		r, err := p.binary(level + 1)
		if err != nil {
			return nil, err
		}
		ls, _ := l.span()
		_, re := r.span()
		l = &binExpr{op: op, l: l, r: r, start: ls, end: re}
	}
	return l, nil
}

// opsAt returns the binary operators of a precedence level.
func opsAt(level int) []string {
	switch level {
	case 0:
		return []string{"or"}
	case 1:
		return []string{"and"}
	}
	return []string{"==", "!="}
}

func (p *parser) isAny(ops []string) bool {
	for _, op := range ops {
		if p.is(op) {
			return true
		}
	}
	return false
}

func (p *parser) postfix() (expr, *parseError) {
	x, err := p.primary()
	if err != nil {
		return nil, err
	}
	for {
		switch {
		case p.is("."):
			p.advance()
			t := p.advance()
			if t.kind != tIdent {
				return nil, p.fail(t, "expected an attribute name after '.', found %s")
			}
			s, _ := x.span()
			x = &attrExpr{x: x, name: t.text, start: s, end: t.end}
		case p.is("("):
			n, ok := x.(*nameExpr)
			if !ok {
				return nil, p.fail(p.peek(), "only macros and built-in functions can be called, found %s")
			}
			if x, err = p.call(n); err != nil {
				return nil, err
			}
		default:
			return x, nil
		}
	}
}

// call parses the argument list of name( … ): positional arguments first,
// then keyword arguments k=v.
func (p *parser) call(n *nameExpr) (expr, *parseError) {
	p.advance() // (
	c := &callExpr{name: n.name, start: n.start}
	for !p.is(")") {
		if len(c.args)+len(c.kwargs) > 0 {
			if err := p.expect(","); err != nil {
				return nil, err
			}
		}
		t := p.peek()
		if t.kind == tIdent && p.toks[min(p.i+1, len(p.toks)-1)].text == "=" {
			p.advance()
			p.advance()
			x, err := p.parseExpr()
			if err != nil {
				return nil, err
			}
			c.kwargs = append(c.kwargs, kwarg{name: t.text, x: x, start: t.start})
			continue
		}
		if len(c.kwargs) > 0 {
			return nil, p.fail(t, "positional argument after keyword argument at %s")
		}
		x, err := p.parseExpr()
		if err != nil {
			return nil, err
		}
		c.args = append(c.args, x)
	}
	c.end = p.advance().end
	return c, nil
}

func (p *parser) primary() (expr, *parseError) {
	t := p.advance()
	switch t.kind {
	case tString:
		return &litExpr{v: strVal(t.text), start: t.start, end: t.end}, nil
	case tNumber:
		f, err := strconv.ParseFloat(t.text, 64)
		if err != nil {
			return nil, p.fail(t, "invalid number %s")
		}
		return &litExpr{v: value{kind: kNum, n: f, s: t.text}, start: t.start, end: t.end}, nil
	case tIdent:
		switch t.text {
		case "true", "True":
			return &litExpr{v: boolVal(true), start: t.start, end: t.end}, nil
		case "false", "False":
			return &litExpr{v: boolVal(false), start: t.start, end: t.end}, nil
		case "none", "None":
			return &litExpr{v: value{}, start: t.start, end: t.end}, nil
		case "and", "or", "not":
			return nil, p.fail(t, "expected a value, found %s")
		}
		return &nameExpr{name: t.text, start: t.start, end: t.end}, nil
	}
	if t.kind == tPunct && t.text == "(" {
		x, err := p.parseExpr()
		if err != nil {
			return nil, err
		}
		return x, p.expect(")")
	}
	return nil, p.fail(t, "expected a value, found %s")
}

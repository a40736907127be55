package macros

import "fmt"

// tokKind is the kind of an expression token.
type tokKind int

const (
	tEOF    tokKind = iota
	tIdent          // name, and the keywords and/or/not/true/false/none
	tString         // 'x' or "x"; text holds the unescaped value
	tNumber         // 12, 1.5
	tPunct          // ( ) , . = == !=
	tClose          // the closing delimiter: }} or %} (with its '-' if any)
)

// token is one lexed token; start and end are offsets in the file.
type token struct {
	kind       tokKind
	text       string
	start, end int
}

// lexer reads the tokens of one tag, from just after its opening delimiter
// up to and including its closing one ("}}" or "%}").
type lexer struct {
	src   []byte
	pos   int
	close string // "}}" or "%}"
}

// lexTag returns the tokens of a tag; the last one is tClose. An error says
// what is wrong and at which offset.
func lexTag(src []byte, pos int, closer string) ([]token, *lexError) {
	lx := lexer{src: src, pos: pos, close: closer}
	var toks []token
	for {
		t, err := lx.next()
		if err != nil {
			return toks, err
		}
		toks = append(toks, t)
		if t.kind == tClose {
			return toks, nil
		}
	}
}

// lexError is a lexical problem at an offset.
type lexError struct {
	msg        string
	start, end int
	unclosed   bool // the input ended before the closing delimiter
}

func (lx *lexer) next() (token, *lexError) {
	src := lx.src
	for lx.pos < len(src) && isSpace(src[lx.pos]) {
		lx.pos++
	}
	start := lx.pos
	if start >= len(src) {
		return token{}, &lexError{msg: "unclosed tag: expected " + lx.close, start: start, end: start, unclosed: true}
	}
	c := src[start]
	switch {
	case c == '-' && lx.hasAt(start+1, lx.close):
		lx.pos = start + 1 + len(lx.close)
		return token{kind: tClose, text: "-" + lx.close, start: start, end: lx.pos}, nil
	case lx.hasAt(start, lx.close):
		lx.pos = start + len(lx.close)
		return token{kind: tClose, text: lx.close, start: start, end: lx.pos}, nil
	case c == '\'' || c == '"':
		return lx.str(c)
	case isDigit(c):
		for lx.pos < len(src) && (isDigit(src[lx.pos]) || src[lx.pos] == '.' && lx.pos+1 < len(src) && isDigit(src[lx.pos+1])) {
			lx.pos++
		}
		return token{kind: tNumber, text: string(src[start:lx.pos]), start: start, end: lx.pos}, nil
	case isIdentStart(c):
		for lx.pos < len(src) && isIdentPart(src[lx.pos]) {
			lx.pos++
		}
		return token{kind: tIdent, text: string(src[start:lx.pos]), start: start, end: lx.pos}, nil
	case (c == '=' || c == '!') && lx.hasAt(start+1, "="):
		lx.pos = start + 2
		return token{kind: tPunct, text: string(src[start:lx.pos]), start: start, end: lx.pos}, nil
	case c == '(' || c == ')' || c == ',' || c == '.' || c == '=':
		lx.pos = start + 1
		return token{kind: tPunct, text: string(c), start: start, end: lx.pos}, nil
	}
	return token{}, &lexError{msg: fmt.Sprintf("unexpected character %q", rune(c)), start: start, end: start + 1}
}

// str reads a quoted string with backslash escapes.
func (lx *lexer) str(q byte) (token, *lexError) {
	src, start := lx.src, lx.pos
	var b []byte
	for i := start + 1; i < len(src); i++ {
		switch c := src[i]; {
		case c == q:
			lx.pos = i + 1
			return token{kind: tString, text: string(b), start: start, end: lx.pos}, nil
		case c == '\\' && i+1 < len(src):
			i++
			b = append(b, unescape(src[i]))
		case c == '\n':
			return token{}, &lexError{msg: "unterminated string", start: start, end: i}
		default:
			b = append(b, c)
		}
	}
	return token{}, &lexError{msg: "unterminated string", start: start, end: len(src), unclosed: true}
}

func unescape(c byte) byte {
	switch c {
	case 'n':
		return '\n'
	case 't':
		return '\t'
	}
	return c // \' \" \\ and anything else stand for themselves
}

func (lx *lexer) hasAt(i int, s string) bool {
	return i+len(s) <= len(lx.src) && string(lx.src[i:i+len(s)]) == s
}

func isSpace(c byte) bool      { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
func isDigit(c byte) bool      { return c >= '0' && c <= '9' }
func isIdentStart(c byte) bool { return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isIdentPart(c byte) bool  { return isIdentStart(c) || isDigit(c) }

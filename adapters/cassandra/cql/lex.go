package cql

import (
	"fmt"
	"strings"
)

// tokKind classifies a lexical token of CQL.
type tokKind int

const (
	tokEOF    tokKind = iota
	tokIdent          // unquoted identifier or keyword (lower-cased)
	tokQuoted         // "quoted identifier" (case kept)
	tokString         // 'string literal'
	tokNumber         // numeric literal (kept as text)
	tokPunct          // one of ( ) < > , . ; = [ ] { } :
)

type token struct {
	kind tokKind
	text string
	pos  int // byte offset in the source
}

// SyntaxError is a CQL parse error at a position of the source text.
type SyntaxError struct {
	Offset int // byte offset, 0-based
	Line   int // 1-based
	Col    int // 1-based, in bytes
	Msg    string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg)
}

func newSyntaxError(src string, off int, format string, args ...any) *SyntaxError {
	off = min(max(off, 0), len(src))
	line := 1 + strings.Count(src[:off], "\n")
	col := off - strings.LastIndexByte(src[:off], '\n')
	return &SyntaxError{Offset: off, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)}
}

// lex splits src into tokens, dropping whitespace and comments.
func lex(src string) ([]token, error) {
	var toks []token
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case strings.HasPrefix(src[i:], "--") || strings.HasPrefix(src[i:], "//"):
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case strings.HasPrefix(src[i:], "/*"):
			end := strings.Index(src[i+2:], "*/")
			if end < 0 {
				return nil, newSyntaxError(src, i, "unterminated comment")
			}
			i += end + 4
		case c == '"' || c == '\'':
			t, n, err := lexQuoted(src, i)
			if err != nil {
				return nil, err
			}
			toks = append(toks, t)
			i = n
		case isIdentStart(c):
			j := i
			for j < len(src) && isIdentPart(src[j]) {
				j++
			}
			toks = append(toks, token{tokIdent, strings.ToLower(src[i:j]), i})
			i = j
		case c >= '0' && c <= '9' || c == '-' || c == '+':
			j := i + 1
			for j < len(src) && (isIdentPart(src[j]) || src[j] == '.') {
				j++
			}
			toks = append(toks, token{tokNumber, src[i:j], i})
			i = j
		case strings.IndexByte("()<>,.;=[]{}:", c) >= 0:
			toks = append(toks, token{tokPunct, src[i : i+1], i})
			i++
		default:
			return nil, newSyntaxError(src, i, "unexpected character %q", c)
		}
	}
	return append(toks, token{tokEOF, "", len(src)}), nil
}

// lexQuoted reads a '…' string or "…" identifier starting at src[i]; a
// doubled quote inside stands for one quote.
func lexQuoted(src string, i int) (token, int, error) {
	q := src[i]
	var b strings.Builder
	for j := i + 1; j < len(src); j++ {
		if src[j] != q {
			b.WriteByte(src[j])
			continue
		}
		if j+1 < len(src) && src[j+1] == q {
			b.WriteByte(q)
			j++
			continue
		}
		kind := tokString
		if q == '"' {
			kind = tokQuoted
		}
		return token{kind, b.String(), i}, j + 1, nil
	}
	return token{}, 0, newSyntaxError(src, i, "unterminated quoted text")
}

func isIdentStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func isIdentPart(c byte) bool {
	return isIdentStart(c) || c >= '0' && c <= '9'
}

package cql

import (
	"strings"
)

// Schema is what a schema.cql file declares: user-defined types and tables.
type Schema struct {
	Types  map[string]Type // by lower-case name, with and without keyspace
	Tables []*Table
}

// Parse reads CQL statements. CREATE TYPE and CREATE TABLE are understood;
// every other statement (CREATE KEYSPACE, CREATE INDEX, …) is skipped up to
// its semicolon. UDT references are resolved against the CREATE TYPE
// statements seen earlier in the same text.
func Parse(src string) (*Schema, error) {
	toks, err := lex(src)
	if err != nil {
		return nil, err
	}
	p := &parser{src: src, toks: toks}
	s := &Schema{Types: map[string]Type{}}
	p.types = s.Types
	for !p.at(tokEOF, "") {
		if p.accept(tokPunct, ";") {
			continue
		}
		switch {
		case p.peekWords("create", "table"), p.peekWords("create", "columnfamily"):
			t, err := p.createTable()
			if err != nil {
				return nil, err
			}
			s.Tables = append(s.Tables, t)
		case p.peekWords("create", "type"):
			if err := p.createType(); err != nil {
				return nil, err
			}
		default:
			p.skipStatement()
		}
	}
	return s, nil
}

// ParseTable parses src and returns its only CREATE TABLE statement.
func ParseTable(src string) (*Table, error) {
	s, err := Parse(src)
	if err != nil {
		return nil, err
	}
	switch len(s.Tables) {
	case 0:
		return nil, newSyntaxError(src, len(src), "no CREATE TABLE statement")
	case 1:
		return s.Tables[0], nil
	}
	return nil, newSyntaxError(src, 0, "%d CREATE TABLE statements, expected one", len(s.Tables))
}

type parser struct {
	src   string
	toks  []token
	i     int
	types map[string]Type
}

func (p *parser) tok() token { return p.toks[p.i] }

func (p *parser) at(kind tokKind, text string) bool {
	t := p.tok()
	return t.kind == kind && (text == "" || t.text == text)
}

func (p *parser) accept(kind tokKind, text string) bool {
	if p.at(kind, text) {
		p.i++
		return true
	}
	return false
}

// peekWords reports whether the next tokens are the given keywords.
func (p *parser) peekWords(words ...string) bool {
	for k, w := range words {
		if p.i+k >= len(p.toks) {
			return false
		}
		t := p.toks[p.i+k]
		if t.kind != tokIdent || t.text != w {
			return false
		}
	}
	return true
}

func (p *parser) acceptWords(words ...string) bool {
	if p.peekWords(words...) {
		p.i += len(words)
		return true
	}
	return false
}

func (p *parser) errorf(format string, args ...any) error {
	return newSyntaxError(p.src, p.tok().pos, format, args...)
}

func (p *parser) expect(kind tokKind, text string) error {
	if p.accept(kind, text) {
		return nil
	}
	want := text
	if want == "" {
		want = "identifier"
	}
	got := p.tok().text
	if p.tok().kind == tokEOF {
		got = "end of input"
	}
	return p.errorf("expected %q, found %q", want, got)
}

// ident reads an identifier: unquoted ones are case-insensitive (lower-cased
// by the lexer), quoted ones keep their case.
func (p *parser) ident() (string, error) {
	t := p.tok()
	if t.kind == tokIdent || t.kind == tokQuoted {
		p.i++
		return t.text, nil
	}
	return "", p.errorf("expected identifier, found %q", t.text)
}

// qualifiedName reads [keyspace.]name.
func (p *parser) qualifiedName() (ks, name string, err error) {
	name, err = p.ident()
	if err != nil {
		return "", "", err
	}
	if p.accept(tokPunct, ".") {
		ks = name
		name, err = p.ident()
	}
	return ks, name, err
}

func (p *parser) skipStatement() {
	for !p.at(tokEOF, "") && !p.accept(tokPunct, ";") {
		p.i++
	}
}

func (p *parser) createType() error {
	p.acceptWords("create", "type")
	p.acceptWords("if", "not", "exists")
	ks, name, err := p.qualifiedName()
	if err != nil {
		return err
	}
	t := Type{Kind: UDT, Keyspace: ks, Name: name}
	if err := p.expect(tokPunct, "("); err != nil {
		return err
	}
	for {
		f, err := p.ident()
		if err != nil {
			return err
		}
		ft, err := p.parseType()
		if err != nil {
			return err
		}
		t.Fields = append(t.Fields, f)
		t.Elems = append(t.Elems, ft)
		if !p.accept(tokPunct, ",") {
			break
		}
	}
	if err := p.expect(tokPunct, ")"); err != nil {
		return err
	}
	p.types[strings.ToLower(name)] = t
	if ks != "" {
		p.types[strings.ToLower(ks+"."+name)] = t
	}
	p.skipStatement()
	return nil
}

// ParseType parses one CQL type expression such as "map<text, frozen<list<int>>>".
// UDT names are not resolved.
func ParseType(src string) (Type, error) {
	toks, err := lex(src)
	if err != nil {
		return Type{}, err
	}
	p := &parser{src: src, toks: toks, types: map[string]Type{}}
	t, err := p.parseType()
	if err != nil {
		return Type{}, err
	}
	if !p.at(tokEOF, "") {
		return Type{}, p.errorf("unexpected %q after type", p.tok().text)
	}
	return t, nil
}

func (p *parser) parseType() (Type, error) {
	if p.at(tokString, "") { // 'org.example.CustomType'
		t := Type{Kind: Custom, Name: p.tok().text}
		p.i++
		return t, nil
	}
	start := p.tok().pos
	ks, name, err := p.qualifiedName()
	if err != nil {
		return Type{}, err
	}
	if ks == "" {
		if k, ok := scalarKinds[name]; ok {
			return Type{Kind: k}, nil
		}
		switch name {
		case "frozen":
			return p.frozen()
		case "list", "set", "map", "tuple":
			return p.parameterized(name)
		}
	}
	key := strings.ToLower(name)
	if ks != "" {
		key = strings.ToLower(ks + "." + name)
	}
	if t, ok := p.types[key]; ok {
		return t, nil
	}
	return Type{}, newSyntaxError(p.src, start, "unknown type %q (declare it with CREATE TYPE first)", name)
}

func (p *parser) frozen() (Type, error) {
	if err := p.expect(tokPunct, "<"); err != nil {
		return Type{}, err
	}
	t, err := p.parseType()
	if err != nil {
		return Type{}, err
	}
	t.Frozen = true
	return t, p.expect(tokPunct, ">")
}

var arity = map[string]int{"list": 1, "set": 1, "map": 2, "tuple": -1}

func (p *parser) parameterized(name string) (Type, error) {
	kinds := map[string]Kind{"list": List, "set": Set, "map": Map, "tuple": Tuple}
	t := Type{Kind: kinds[name]}
	start := p.tok().pos
	if err := p.expect(tokPunct, "<"); err != nil {
		return Type{}, err
	}
	for {
		e, err := p.parseType()
		if err != nil {
			return Type{}, err
		}
		// Nested collections are always frozen in Cassandra.
		if e.IsCollection() || e.Kind == UDT || e.Kind == Tuple {
			e.Frozen = true
		}
		t.Elems = append(t.Elems, e)
		if !p.accept(tokPunct, ",") {
			break
		}
	}
	if n := arity[name]; n > 0 && len(t.Elems) != n {
		return Type{}, newSyntaxError(p.src, start, "%s takes %d type arguments, found %d", name, n, len(t.Elems))
	}
	if t.Kind == Tuple {
		t.Frozen = true // tuples are always frozen
	}
	return t, p.expect(tokPunct, ">")
}

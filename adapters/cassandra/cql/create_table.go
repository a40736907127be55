package cql

import "fmt"

// createTable parses CREATE TABLE [IF NOT EXISTS] [ks.]name (…) [WITH …].
func (p *parser) createTable() (*Table, error) {
	start := p.tok().pos
	if !p.acceptWords("create", "table") {
		p.acceptWords("create", "columnfamily")
	}
	p.acceptWords("if", "not", "exists")
	ks, name, err := p.qualifiedName()
	if err != nil {
		return nil, err
	}
	t := &Table{Keyspace: ks, Name: name}
	if err := p.expect(tokPunct, "("); err != nil {
		return nil, err
	}
	var pk, ck []string
	for {
		if p.peekWords("primary", "key") {
			if pk, ck, err = p.primaryKey(); err != nil {
				return nil, err
			}
		} else if err := p.columnDef(t, &pk); err != nil {
			return nil, err
		}
		if !p.accept(tokPunct, ",") {
			break
		}
	}
	if err := p.expect(tokPunct, ")"); err != nil {
		return nil, err
	}
	if err := p.tableOptions(t, ck); err != nil {
		return nil, err
	}
	if err := assignKeys(t, pk, ck); err != nil {
		return nil, newSyntaxError(p.src, start, "table %s: %v", name, err)
	}
	return t, nil
}

// columnDef parses "name type [STATIC] [PRIMARY KEY]".
func (p *parser) columnDef(t *Table, pk *[]string) error {
	pos := p.tok().pos
	name, err := p.ident()
	if err != nil {
		return err
	}
	if t.Column(name) != nil {
		return newSyntaxError(p.src, pos, "column %q declared twice", name)
	}
	typ, err := p.parseType()
	if err != nil {
		return err
	}
	col := Column{Name: name, Type: typ, Kind: Regular}
	if p.acceptWords("static") {
		col.Kind = Static
	}
	if p.acceptWords("primary", "key") {
		*pk = []string{name}
	}
	t.Columns = append(t.Columns, col)
	return nil
}

// primaryKey parses PRIMARY KEY (pk | (pk1, pk2, …) [, ck1, …]).
func (p *parser) primaryKey() (pk, ck []string, err error) {
	p.acceptWords("primary", "key")
	if err := p.expect(tokPunct, "("); err != nil {
		return nil, nil, err
	}
	if p.accept(tokPunct, "(") {
		if pk, err = p.identList(); err != nil {
			return nil, nil, err
		}
		if err := p.expect(tokPunct, ")"); err != nil {
			return nil, nil, err
		}
	} else {
		name, err := p.ident()
		if err != nil {
			return nil, nil, err
		}
		pk = []string{name}
	}
	if p.accept(tokPunct, ",") {
		if ck, err = p.identList(); err != nil {
			return nil, nil, err
		}
	}
	return pk, ck, p.expect(tokPunct, ")")
}

func (p *parser) identList() ([]string, error) {
	var out []string
	for {
		name, err := p.ident()
		if err != nil {
			return nil, err
		}
		out = append(out, name)
		if !p.accept(tokPunct, ",") {
			return out, nil
		}
	}
}

// tableOptions reads the WITH clause up to the end of the statement. Only
// CLUSTERING ORDER BY and COMPACT STORAGE matter to a reader; other options
// (compaction, caching, …) are skipped.
func (p *parser) tableOptions(t *Table, ck []string) error {
	for !p.at(tokEOF, "") && !p.accept(tokPunct, ";") {
		switch {
		case p.acceptWords("clustering", "order", "by"):
			if err := p.clusteringOrder(t, ck); err != nil {
				return err
			}
		case p.acceptWords("compact", "storage"):
			t.CompactStorage = true
		default:
			p.i++
		}
	}
	return nil
}

func (p *parser) clusteringOrder(t *Table, ck []string) error {
	if err := p.expect(tokPunct, "("); err != nil {
		return err
	}
	for {
		pos := p.tok().pos
		name, err := p.ident()
		if err != nil {
			return err
		}
		c := t.Column(name)
		if c == nil || !contains(ck, name) {
			return newSyntaxError(p.src, pos, "CLUSTERING ORDER names %q, which is not a clustering column", name)
		}
		switch {
		case p.acceptWords("desc"):
			c.Desc = true
		case p.acceptWords("asc"):
		default:
			return p.errorf("expected ASC or DESC, found %q", p.tok().text)
		}
		if !p.accept(tokPunct, ",") {
			break
		}
	}
	return p.expect(tokPunct, ")")
}

// assignKeys marks the key columns once the whole statement is known.
func assignKeys(t *Table, pk, ck []string) error {
	if len(pk) == 0 {
		return fmt.Errorf("no PRIMARY KEY")
	}
	mark := func(names []string, kind ColumnKind) error {
		for i, n := range names {
			c := t.Column(n)
			if c == nil {
				return fmt.Errorf("PRIMARY KEY names unknown column %q", n)
			}
			if c.Kind == PartitionKey || c.Kind == Clustering {
				return fmt.Errorf("column %q appears twice in PRIMARY KEY", n)
			}
			if c.Kind == Static {
				return fmt.Errorf("static column %q cannot be part of the PRIMARY KEY", n)
			}
			c.Kind, c.Position = kind, i
		}
		return nil
	}
	if err := mark(pk, PartitionKey); err != nil {
		return err
	}
	return mark(ck, Clustering)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

package load

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
)

// sourceTypes lists the source types core quill knows.
func sourceTypes() []string {
	return []string{SourceExternal, SourcePostgres, SourceMySQL, SourceCassandra}
}

// sourceSchema is what a source of type typ may contain. Only external is
// closed: extract sources keep unknown arguments in Extra for later features.
func sourceSchema(typ string) *hcl.BodySchema {
	s := &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: "freshness"}}}
	switch typ {
	case SourceExternal:
		s.Attributes = attrs("columns", "primary_key")
	case SourcePostgres, SourceMySQL:
		s.Attributes = attrs("columns", "primary_key", "dsn!", "query!")
	case SourceCassandra:
		s.Attributes = attrs("columns", "primary_key", "snapshot!", "schema!", "as_of")
	}
	return s
}

func (l *loader) loadSource(b *hcl.Block) {
	typ, name := b.Labels[0], b.Labels[1]
	if !contains(sourceTypes(), typ) {
		l.errorAt(CodeEnum, b.LabelRanges[0], "Unknown source type",
			fmt.Sprintf("%q is not a source type; use one of %s.%s", typ, quoteList(sourceTypes()), suggest(typ, sourceTypes())))
		return
	}
	ok := l.checkRelation(name, b.LabelRanges[1], "source relation")
	if ok && l.dup("source", name, b.LabelRanges[1]) {
		return
	}
	s := &Source{Type: typ, Name: name, Decl: l.rng(b.DefRange)}
	var c *hcl.BodyContent
	if typ == SourceExternal {
		c, s.Attrs = l.content(b, sourceSchema(typ), "An external source")
	} else {
		c, s.Attrs = l.openContent(b, sourceSchema(typ), s)
	}
	l.cfg.Sources = append(l.cfg.Sources, s)
	l.sourceAttrs(s, c)
	for _, fb := range c.Blocks {
		l.loadFreshness(s, fb)
	}
}

// openContent decodes the known arguments and keeps every other argument's
// value, stringified, in s.Extra.
func (l *loader) openContent(b *hcl.Block, schema *hcl.BodySchema, s *Source) (*hcl.BodyContent, Ranges) {
	open := *schema
	open.Attributes = nil
	for _, a := range schema.Attributes {
		open.Attributes = append(open.Attributes, hcl.AttributeSchema{Name: a.Name})
	}
	c, rest, hds := b.Body.PartialContent(&open)
	l.fromHCL(hds, CodeHCL)
	l.required(b, schema, c.Attributes, article(s.Type+" source"))
	rs := Ranges{}
	for name, a := range c.Attributes {
		rs[name] = l.rng(a.Range)
	}
	extra, hds := rest.JustAttributes()
	l.fromHCL(hds, CodeUnknownBlock)
	for _, a := range sortedAttrs(extra) {
		rs[a.Name] = l.rng(a.Range)
		if v, ok := l.anyText(a); ok {
			if s.Extra == nil {
				s.Extra = map[string]string{}
			}
			s.Extra[a.Name] = v
			if isSecretName(a.Name) {
				s.Secrets = append(s.Secrets, a.Name)
			}
		}
	}
	return c, rs
}

// isSecretName guesses from an argument's name that its value is a secret,
// so that consumers redact it.
func isSecretName(n string) bool {
	for _, w := range []string{"dsn", "password", "secret", "token", "key_id", "credential"} {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

func (l *loader) sourceAttrs(s *Source, c *hcl.BodyContent) {
	at := c.Attributes
	if a := at["columns"]; a != nil {
		s.Columns = l.columns(a)
	}
	if a := at["primary_key"]; a != nil {
		s.PrimaryKey = l.columnList(a)
	}
	if a := at["dsn"]; a != nil {
		s.DSN, _ = l.str(a)
		s.Secrets = append(s.Secrets, "dsn")
		sort.Strings(s.Secrets)
	}
	if a := at["query"]; a != nil {
		s.Query, _ = l.str(a)
	}
	if a := at["snapshot"]; a != nil {
		s.Snapshot, _ = l.str(a)
	}
	if a := at["schema"]; a != nil {
		s.Schema, _ = l.str(a)
	}
	if a := at["as_of"]; a != nil {
		s.AsOf, s.AsOfTime = l.timestamp(a)
	}
}

// timestamp decodes an RFC 3339 instant.
func (l *loader) timestamp(a *hcl.Attribute) (string, time.Time) {
	s, ok := l.str(a)
	if !ok {
		return "", time.Time{}
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		l.errorAt(CodeDuration, a.Expr.Range(), "Invalid timestamp",
			fmt.Sprintf("%q is not an RFC 3339 timestamp; write it like \"2026-11-24T00:00:00Z\".", s))
		return "", time.Time{}
	}
	return s, t.UTC()
}

func (l *loader) loadFreshness(s *Source, b *hcl.Block) {
	if s.Freshness != nil {
		l.errorAt(CodeDuplicate, b.DefRange, "Duplicate freshness block", "A source has at most one freshness block.")
		return
	}
	c, rs := l.content(b, &hcl.BodySchema{Attributes: attrs("column!", "max_age!")}, "A freshness block")
	f := &Freshness{Decl: l.rng(b.DefRange), Attrs: rs}
	s.Freshness = f
	if a := c.Attributes["column"]; a != nil {
		f.Column = l.column(a)
	}
	if a := c.Attributes["max_age"]; a != nil {
		f.MaxAge, f.MaxAgeDur, _ = l.duration(a)
	}
}

// columns decodes a { name = "type" } map of column declarations.
func (l *loader) columns(a *hcl.Attribute) []ColumnDecl {
	ps, _ := l.strMap(a)
	out := make([]ColumnDecl, 0, len(ps))
	for _, p := range ps {
		if !l.checkIdent(p.key, p.rng, "column name") {
			continue
		}
		if strings.TrimSpace(p.value) == "" {
			l.errorAt(CodeInvalidValue, p.rng, "Empty column type", fmt.Sprintf("Column %q needs a warehouse type, like \"bigint\" or \"text\".", p.key))
			continue
		}
		out = append(out, ColumnDecl{Name: p.key, Type: p.value, Range: l.rng(p.rng)})
	}
	return out
}

// column decodes one column name.
func (l *loader) column(a *hcl.Attribute) string {
	s, ok := l.str(a)
	if !ok || !l.checkIdent(s, a.Expr.Range(), "column name") {
		return ""
	}
	return s
}

// columnList decodes a non-empty list of distinct column names.
func (l *loader) columnList(a *hcl.Attribute) []string {
	xs, ok := l.strs(a)
	if !ok {
		return nil
	}
	if len(xs) == 0 {
		l.errorAt(CodeInvalidValue, a.Expr.Range(), "Empty column list", fmt.Sprintf("%q needs at least one column.", a.Name))
		return nil
	}
	seen := map[string]bool{}
	for _, x := range xs {
		if !l.checkIdent(x, a.Expr.Range(), "column name") {
			return nil
		}
		if seen[x] {
			l.errorAt(CodeDuplicate, a.Expr.Range(), "Duplicate column", fmt.Sprintf("%q appears twice in %q.", x, a.Name))
			return nil
		}
		seen[x] = true
	}
	return xs
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func (l *loader) loadSeed(b *hcl.Block) {
	name := b.Labels[0]
	ok := l.checkRelation(name, b.LabelRanges[0], "seed relation")
	if ok && l.dup("seed", name, b.LabelRanges[0]) {
		return
	}
	c, rs := l.content(b, &hcl.BodySchema{Attributes: attrs("primary_key", "column_types")}, "A seed")
	s := &Seed{Name: name, Decl: l.rng(b.DefRange), Attrs: rs}
	l.cfg.Seeds = append(l.cfg.Seeds, s)
	if a := c.Attributes["primary_key"]; a != nil {
		s.PrimaryKey = l.columnList(a)
	}
	if a := c.Attributes["column_types"]; a != nil {
		s.ColumnTypes = l.columns(a)
	}
}

package load

import (
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
)

// materializations lists the values of a model's materialized argument.
func materializations() []string { return []string{"view", "table", "incremental", "upsert"} }

func (l *loader) loadModel(b *hcl.Block) {
	name := b.Labels[0]
	ok := l.checkRelation(name, b.LabelRanges[0], "model relation")
	if ok && l.dup("model", name, b.LabelRanges[0]) {
		return
	}
	c, rs := l.content(b, &hcl.BodySchema{
		Attributes: attrs("materialized", "primary_key", "unique_key", "tags", "depends_on"),
		Blocks:     []hcl.BlockHeaderSchema{{Type: "assert", LabelNames: []string{"kind"}}},
	}, "A model")
	m := &Model{Name: name, Decl: l.rng(b.DefRange), Attrs: rs}
	l.cfg.Models = append(l.cfg.Models, m)
	at := c.Attributes
	if a := at["materialized"]; a != nil {
		m.Materialized, _ = l.enum(a, materializations()...)
	}
	if a := at["primary_key"]; a != nil {
		m.PrimaryKey = l.columnList(a)
	}
	if a := at["unique_key"]; a != nil {
		m.UniqueKey = l.columnList(a)
	}
	if a := at["tags"]; a != nil {
		m.Tags = l.tags(a)
	}
	if a := at["depends_on"]; a != nil {
		m.DependsOn = l.relations(a)
	}
	l.checkModelArgs(m, b, at)
	for _, ab := range c.Blocks {
		if as := l.loadAssert(ab); as != nil {
			m.Asserts = append(m.Asserts, as)
		}
	}
}

// checkModelArgs checks the keys each materialization needs.
func (l *loader) checkModelArgs(m *Model, b *hcl.Block, at hcl.Attributes) {
	if m.Materialized == "upsert" && at["primary_key"] == nil {
		l.errorAt(CodeMissingArg, b.DefRange, `Missing required argument "primary_key"`,
			"An upsert model updates rows by primary key: set primary_key = [\"...\"].")
	}
	if a := at["unique_key"]; a != nil && m.Materialized != "incremental" && m.Materialized != "" {
		l.errorAt(CodeConflictingArgs, a.NameRange, "unique_key is only used by incremental models",
			fmt.Sprintf("unique_key is the merge key of incremental models; this model is %s. Use primary_key to declare its key.", m.Materialized))
	}
}

// tags decodes tags: identifiers, returned sorted and unique.
func (l *loader) tags(a *hcl.Attribute) []string {
	xs, ok := l.strs(a)
	if !ok {
		return nil
	}
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		if !l.checkIdent(x, a.Expr.Range(), "tag") {
			continue
		}
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	sort.Strings(out)
	return out
}

// relations decodes a list of "schema.name" relations, sorted and unique.
func (l *loader) relations(a *hcl.Attribute) []string {
	xs, ok := l.strs(a)
	if !ok {
		return nil
	}
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		if l.checkRelation(x, a.Expr.Range(), "relation in "+a.Name) && !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	sort.Strings(out)
	return out
}

// assertKinds lists the kinds of assert blocks.
func assertKinds() []string {
	return []string{AssertNotNull, AssertUnique, AssertAcceptedValues, AssertRelationships,
		AssertRowCount, AssertExpression, AssertFreshness}
}

// assertArgs is, per kind, which arguments it takes; "!" marks required ones,
// and "column|columns" means exactly one of the two.
func assertArgs(kind string) []string {
	switch kind {
	case AssertNotNull, AssertUnique:
		return []string{"column|columns"}
	case AssertAcceptedValues:
		return []string{"column!", "values!"}
	case AssertRelationships:
		return []string{"column!", "to!"}
	case AssertRowCount:
		return []string{"min", "max"}
	case AssertExpression:
		return []string{"expression!"}
	case AssertFreshness:
		return []string{"column!", "max_age!"}
	}
	return nil
}

func (l *loader) loadAssert(b *hcl.Block) *Assert {
	kind := b.Labels[0]
	if !contains(assertKinds(), kind) {
		l.errorAt(CodeEnum, b.LabelRanges[0], "Unknown assert kind",
			fmt.Sprintf("%q is not an assert kind; use one of %s.%s", kind, quoteList(assertKinds()), suggest(kind, assertKinds())))
		return nil
	}
	names := []string{"severity"}
	for _, a := range assertArgs(kind) {
		names = append(names, strings.Split(strings.TrimSuffix(a, "!"), "|")...)
	}
	c, rs := l.content(b, &hcl.BodySchema{Attributes: attrs(names...)}, article(kind+" assert"))
	as := &Assert{Kind: kind, Severity: "error", Decl: l.rng(b.DefRange), Attrs: rs}
	l.requireAssertArgs(as, b, c.Attributes)
	l.assertValues(as, c.Attributes)
	if as.Min != nil && as.Max != nil && *as.Min > *as.Max {
		l.errorAt(CodeInvalidAssert, c.Attributes["min"].Range, "min is greater than max",
			fmt.Sprintf("This row_count assert can never pass: min %d > max %d.", *as.Min, *as.Max))
	}
	return as
}

// requireAssertArgs reports missing arguments with a message that names the
// kind, which hcl's generic one would not.
func (l *loader) requireAssertArgs(as *Assert, b *hcl.Block, at hcl.Attributes) {
	for _, spec := range assertArgs(as.Kind) {
		if n, req := strings.CutSuffix(spec, "!"); req && at[n] == nil {
			l.errorAt(CodeMissingArg, b.DefRange, fmt.Sprintf("Missing required argument %q", n),
				fmt.Sprintf("%s assert needs %q.", article(as.Kind), n))
		}
		if one, other, alt := strings.Cut(spec, "|"); alt {
			switch {
			case at[one] == nil && at[other] == nil:
				l.errorAt(CodeMissingArg, b.DefRange, fmt.Sprintf("Missing required argument %q or %q", one, other),
					fmt.Sprintf("%s assert needs %q or %q.", article(as.Kind), one, other))
			case at[one] != nil && at[other] != nil:
				l.errorAt(CodeConflictingArgs, at[other].NameRange, fmt.Sprintf("Both %s and %s are set", one, other),
					fmt.Sprintf("Set %q for one column or %q for several, not both.", one, other))
			}
		}
	}
	if as.Kind == AssertRowCount && at["min"] == nil && at["max"] == nil {
		l.errorAt(CodeMissingArg, b.DefRange, `Missing required argument "min" or "max"`, `A row_count assert needs "min", "max" or both.`)
	}
}

func (l *loader) assertValues(as *Assert, at hcl.Attributes) {
	if a := at["column"]; a != nil {
		if col := l.column(a); col != "" {
			as.Columns = []string{col}
		}
	}
	if a := at["columns"]; a != nil {
		as.Columns = l.columnList(a)
	}
	if a := at["values"]; a != nil {
		as.Values, _ = l.strs(a)
	}
	if a := at["to"]; a != nil {
		l.relationshipTo(as, a)
	}
	for _, n := range []string{"min", "max"} {
		if a := at[n]; a != nil {
			if v, ok := l.integer(a, 0, 1<<62); ok {
				if n == "min" {
					as.Min = &v
				} else {
					as.Max = &v
				}
			}
		}
	}
	if a := at["expression"]; a != nil {
		as.Expression, _ = l.str(a)
	}
	if a := at["max_age"]; a != nil {
		as.MaxAge, as.MaxAgeDur, _ = l.duration(a)
	}
	if a := at["severity"]; a != nil {
		if s, ok := l.enum(a, "error", "warn"); ok {
			as.Severity = s
		}
	}
}

// relationshipTo decodes to = "schema.name.column".
func (l *loader) relationshipTo(as *Assert, a *hcl.Attribute) {
	s, ok := l.str(a)
	if !ok {
		return
	}
	i := strings.LastIndexByte(s, '.')
	if i < 0 || !isRelation(s[:i]) || !isIdent(s[i+1:]) {
		l.errorAt(CodeName, a.Expr.Range(), "Invalid relationship target",
			fmt.Sprintf("%q must name a column as \"schema.name.column\", each part %s.", s, identRule))
		return
	}
	as.To, as.ToRelation, as.ToColumn = s, s[:i], s[i+1:]
}

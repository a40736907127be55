package load

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
)

// isIdent reports whether s is a plain lower-case SQL identifier,
// [a-z_][a-z0-9_]*. quill keeps relation names to these so that they mean the
// same thing quoted or not, on every warehouse.
func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '_' || c >= 'a' && c <= 'z':
		case c >= '0' && c <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}

// isRelation reports whether s is "schema.name" of two identifiers.
func isRelation(s string) bool {
	schema, name, ok := strings.Cut(s, ".")
	return ok && isIdent(schema) && isIdent(name)
}

const identRule = "lower-case letters, digits and underscores, not starting with a digit ([a-z_][a-z0-9_]*)"

// checkIdent records an error when name is not an identifier.
func (l *loader) checkIdent(name string, r hcl.Range, what string) bool {
	if isIdent(name) {
		return true
	}
	l.errorAt(CodeName, r, fmt.Sprintf("Invalid %s", what),
		fmt.Sprintf("%q is not a valid %s: use %s.", name, what, identRule))
	return false
}

// checkRelation records an error when name is not "schema.name".
func (l *loader) checkRelation(name string, r hcl.Range, what string) bool {
	if isRelation(name) {
		return true
	}
	l.errorAt(CodeName, r, fmt.Sprintf("Invalid %s", what),
		fmt.Sprintf("%q is not a relation name: write \"schema.name\", both parts %s.", name, identRule))
	return false
}

// enum decodes a string attribute that must be one of allowed.
func (l *loader) enum(a *hcl.Attribute, allowed ...string) (string, bool) {
	s, ok := l.str(a)
	if !ok {
		return "", false
	}
	for _, v := range allowed {
		if s == v {
			return s, true
		}
	}
	l.errorAt(CodeEnum, a.Expr.Range(), fmt.Sprintf("Invalid %s", a.Name),
		fmt.Sprintf("%q is not a valid %s; use one of %s.%s", s, a.Name, quoteList(allowed), suggest(s, allowed)))
	return "", false
}

func quoteList(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = strconv.Quote(x)
	}
	return strings.Join(q, ", ")
}

// maxDuration bounds durations far below the int64 overflow of time.Duration.
const maxDuration = 100 * 365 * 24 * time.Hour

// parseDuration reads durations like "26h", "90m", "2d", "1w", "1h30m".
// Go's time.ParseDuration has no days or weeks, which freshness gates need.
func parseDuration(s string) (time.Duration, bool) {
	if s == "" {
		return 0, false
	}
	var total time.Duration
	for s != "" {
		i := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == 0 || i > 9 {
			return 0, false
		}
		n, _ := strconv.Atoi(s[:i])
		s = s[i:]
		j := 0
		for j < len(s) && s[j] >= 'a' && s[j] <= 'z' {
			j++
		}
		unit, ok := durationUnit(s[:j])
		if !ok {
			return 0, false
		}
		s = s[j:]
		if time.Duration(n) > maxDuration/unit || total > maxDuration-time.Duration(n)*unit {
			return 0, false // beyond ~100 years: certainly a typo, and it would overflow
		}
		total += time.Duration(n) * unit
	}
	return total, total > 0
}

func durationUnit(u string) (time.Duration, bool) {
	switch u {
	case "s":
		return time.Second, true
	case "m":
		return time.Minute, true
	case "h":
		return time.Hour, true
	case "d":
		return 24 * time.Hour, true
	case "w":
		return 7 * 24 * time.Hour, true
	}
	return 0, false
}

// duration decodes a duration attribute.
func (l *loader) duration(a *hcl.Attribute) (string, time.Duration, bool) {
	s, ok := l.str(a)
	if !ok {
		return "", 0, false
	}
	d, ok := parseDuration(s)
	if !ok {
		l.errorAt(CodeDuration, a.Expr.Range(), "Invalid duration",
			fmt.Sprintf("%q is not a duration: write a positive number and a unit, s, m, h, d or w, like \"26h\" or \"1d12h\".", s))
		return "", 0, false
	}
	return s, d, true
}

// content decodes the body of block b against schema and records every
// attribute's and nested block's range. Required arguments are checked here
// rather than by hcl so that the error points at the block header and names
// the argument and the block (what, e.g. "A postgres source").
func (l *loader) content(b *hcl.Block, s *hcl.BodySchema, what string) (*hcl.BodyContent, Ranges) {
	open := *s
	open.Attributes = make([]hcl.AttributeSchema, len(s.Attributes))
	for i, a := range s.Attributes {
		open.Attributes[i] = hcl.AttributeSchema{Name: a.Name}
	}
	c, hds := b.Body.Content(&open)
	l.fromHCL(hds, CodeHCL)
	l.required(b, s, c.Attributes, what)
	rs := make(Ranges, len(c.Attributes)+len(c.Blocks))
	for name, a := range c.Attributes {
		rs[name] = l.rng(a.Range)
	}
	for _, nb := range c.Blocks {
		if _, ok := rs[nb.Type]; !ok {
			rs[nb.Type] = l.rng(nb.DefRange)
		}
	}
	return c, rs
}

// required reports each required attribute of s missing from at.
func (l *loader) required(b *hcl.Block, s *hcl.BodySchema, at hcl.Attributes, what string) {
	if l.broken[b.DefRange.Filename] {
		return // the parser lost part of this file; do not pile guesses on its error
	}
	for _, a := range s.Attributes {
		if a.Required && at[a.Name] == nil {
			l.errorAt(CodeMissingArg, b.DefRange, fmt.Sprintf("Missing required argument %q", a.Name),
				fmt.Sprintf("%s needs %q.", what, a.Name))
		}
	}
}

// article returns "a x" or "an x", for messages that name a block kind.
func article(x string) string {
	if x != "" && strings.ContainsRune("aeiou", rune(x[0])) {
		return "An " + x
	}
	return "A " + x
}

// dup records a duplicate declaration of kind/name and reports whether the
// name was already taken.
func (l *loader) dup(kind, name string, r hcl.Range) bool {
	key := kind + "\x00" + name
	if prev, ok := l.seen[key]; ok {
		l.errorAt(CodeDuplicate, r, fmt.Sprintf("Duplicate %s %q", kind, name),
			fmt.Sprintf("%s %q is already declared at %s; declare each %s once.", kind, name, prev, kind))
		return true
	}
	l.seen[key] = l.rng(r)
	return false
}

// attrs lists attribute schemas by name; required names end with "!".
func attrs(names ...string) []hcl.AttributeSchema {
	out := make([]hcl.AttributeSchema, len(names))
	for i, n := range names {
		req := strings.HasSuffix(n, "!")
		out[i] = hcl.AttributeSchema{Name: strings.TrimSuffix(n, "!"), Required: req}
	}
	return out
}

package sqlparse

import (
	"strconv"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"
)

// col is a column of an intermediate result.
type col struct {
	name string
	typ  string
	from []ColRef // unsorted, may repeat
}

// rel is the result of a FROM item or a query: known columns, plus parts
// whose columns are unknown but whose references can still be traced.
type rel struct {
	cols    []col
	unknown *ColRef  // a real relation absent from the catalog (Column unused)
	nav     []ColRef // SUPER navigation: every column derives from nav
	navSet  bool
	opaque  bool   // unknown and untraceable (a recursive CTE being analysed)
	open    []*rel // parts that went through `*` unexpanded
}

func (r *rel) isOpen() bool {
	return r.unknown != nil || r.navSet || r.opaque || len(r.open) > 0
}

// unknownName names the first part whose columns are unknown, for messages.
func (r *rel) unknownName() string {
	switch {
	case r.unknown != nil && r.unknown.Schema != "":
		return r.unknown.Schema + "." + r.unknown.Name
	case r.unknown != nil:
		return r.unknown.Name
	case r.navSet:
		return "a SUPER navigation"
	}
	for _, o := range r.open {
		if o.isOpen() {
			return o.unknownName()
		}
	}
	return "a recursive CTE"
}

// renamed applies column aliases (`AS t(a, b)`, `WITH c(a, b)`).
func (r *rel) renamed(aliases []string) *rel {
	if len(aliases) == 0 {
		return r
	}
	out := *r
	out.cols = append([]col(nil), r.cols...)
	for i := 0; i < len(aliases) && i < len(out.cols); i++ {
		out.cols[i].name = aliases[i]
	}
	return &out
}

// find looks name up among r's columns. n counts exact matches (more than
// one is ambiguous). When n is 0, maybe says an unknown part could hold the
// column, and c carries its best-effort lineage.
func (r *rel) find(name string) (c col, n int, maybe bool) {
	for i := range r.cols {
		if r.cols[i].name == name {
			if n == 0 {
				c = r.cols[i]
			}
			n++
		}
	}
	switch {
	case n > 0:
		return c, n, false
	case r.navSet:
		return col{name: name, from: r.nav}, 0, true
	case r.unknown != nil:
		return col{name: name, from: []ColRef{{Schema: r.unknown.Schema, Name: r.unknown.Name, Column: name}}}, 0, true
	case r.opaque:
		return col{name: name}, 0, true
	}
	var maybes []col
	for _, o := range r.open {
		oc, on, om := o.find(name)
		if on > 0 {
			return oc, on, false
		}
		if om {
			maybes = append(maybes, oc)
		}
	}
	if len(maybes) == 1 {
		return maybes[0], 0, true
	}
	return col{name: name}, 0, len(maybes) > 0
}

// item is a FROM item visible by name: its alias, or its relation name
// (then schema allows `schema.table.column`).
type item struct {
	name, schema string
	r            *rel
}

// level is one query level's FROM clause, linked to the enclosing levels
// that correlated subqueries and LATERAL items may reference.
type level struct {
	parent  *level
	items   []item // visible by name, for qualified references
	entries []*rel // top-level FROM entries: unqualified references and `*`
	windows []*pg_query.Node
}

// findItem finds the item named by a qualifier (`t` or `s.t`), innermost
// level first.
func (lv *level) findItem(q []string) *item {
	for l := lv; l != nil; l = l.parent {
		for i := range l.items {
			it := &l.items[i]
			if len(q) == 1 && it.name == q[0] {
				return it
			}
			if len(q) == 2 && it.schema == q[0] && it.name == q[1] {
				return it
			}
		}
	}
	return nil
}

// resolveColumn resolves a ColumnRef's names to a column.
func (a *analyzer) resolveColumn(names []string, off int32, lv *level) col {
	if len(names) == 0 {
		return col{}
	}
	if len(names) >= 3 {
		if it := lv.findItem(names[:2]); it != nil {
			return a.qualified(it, names[:2], names[2:], off)
		}
	}
	if len(names) >= 2 {
		if it := lv.findItem(names[:1]); it != nil {
			return a.qualified(it, names[:1], names[1:], off)
		}
	}
	c, found := a.unqualified(names[0], off, lv, len(names) == 1)
	if !found && len(names) > 1 {
		a.problem(off, "missing FROM-clause entry for table %q", names[0])
	}
	if len(names) > 1 {
		// A field of a composite or a SUPER path: same lineage, unknown type.
		c.typ = ""
	}
	return c
}

// qualified resolves `t.c` (rest = [c, path…]) within item it.
func (a *analyzer) qualified(it *item, q, rest []string, off int32) col {
	c, n, maybe := it.r.find(rest[0])
	switch {
	case n > 1:
		a.problem(off, "column reference %q is ambiguous", strings.Join(q, ".")+"."+rest[0])
	case n == 0 && !maybe:
		a.problem(off, "column %s.%s does not exist", strings.Join(q, "."), rest[0])
	}
	if len(rest) > 1 {
		c.typ = ""
	}
	return c
}

// unqualified resolves a bare column name, innermost level first. found is
// false when no level has it; report says whether to complain then.
func (a *analyzer) unqualified(name string, off int32, lv *level, report bool) (col, bool) {
	for l := lv; l != nil; l = l.parent {
		var found col
		n := 0
		var maybes []col
		for _, e := range l.entries {
			c, k, m := e.find(name)
			if k > 0 && n == 0 {
				found = c
			}
			n += k
			if m {
				maybes = append(maybes, c)
			}
		}
		switch {
		case n > 1:
			a.problem(off, "column reference %q is ambiguous", name)
			return found, true
		case n == 1:
			return found, true
		case len(maybes) == 1:
			return maybes[0], true
		case len(maybes) > 1:
			return col{name: name}, true
		}
	}
	if report {
		a.problem(off, "column %q does not exist", name)
	}
	return col{name: name}, false
}

// sameLineage reports whether two results have the same columns and lineage.
func sameLineage(x, y *rel) bool {
	if len(x.cols) != len(y.cols) {
		return false
	}
	for i := range x.cols {
		a, b := sortRefs(x.cols[i].from), sortRefs(y.cols[i].from)
		if len(a) != len(b) || x.cols[i].typ != y.cols[i].typ {
			return false
		}
		for j := range a {
			if a[j] != b[j] {
				return false
			}
		}
	}
	return true
}

// fieldNames returns the names of a ColumnRef, without a trailing `*`.
func fieldNames(cr *pg_query.ColumnRef) []string {
	out := make([]string, 0, len(cr.Fields))
	for _, f := range cr.Fields {
		if s := f.GetString_(); s != nil {
			out = append(out, s.Sval)
		}
	}
	return out
}

func isStar(cr *pg_query.ColumnRef) bool {
	n := len(cr.Fields)
	return n > 0 && cr.Fields[n-1].GetAStar() != nil
}

func stringList(ns []*pg_query.Node) []string {
	var out []string
	for _, n := range ns {
		out = append(out, n.GetString_().GetSval())
	}
	return out
}

func itoa(i int) string { return strconv.Itoa(i) }

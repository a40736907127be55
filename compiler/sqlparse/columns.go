package sqlparse

import (
	"sort"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"
)

// Catalog returns the columns of a real relation, and false when they are
// unknown. schema is "" for an unqualified reference; resolving it is the
// caller's business.
type Catalog func(schema, name string) ([]CatalogColumn, bool)

// CatalogColumn is one column of an input relation. Type is any PostgreSQL
// spelling ("int8", "character varying(20)"); Columns normalises it.
type CatalogColumn struct{ Name, Type string }

// OutColumn is one output column of a query.
type OutColumn struct {
	Name string
	Type string   // normalised PostgreSQL type name; "" when unknown
	From []ColRef // input columns the value is computed from: sorted, unique, empty (not nil) for constants
}

// ColRef is a column of a real input relation (never of a CTE or a
// subquery: lineage is traced through those). Schema is as written.
type ColRef struct{ Schema, Name, Column string }

// String returns "schema.name.column" (or "name.column" when unqualified).
func (c ColRef) String() string {
	if c.Schema == "" {
		return c.Name + "." + c.Column
	}
	return c.Schema + "." + c.Name + "." + c.Column
}

// Problem is something Columns could not make sense of: an unknown or
// ambiguous column, a `*` over a relation whose columns are unknown. The
// compiler reports them as warnings; Columns still returns what it could.
type Problem struct {
	Offset int // byte offset in the SQL
	Msg    string
}

// Columns infers the output columns of the query, their types where
// knowable, and their column-level lineage, given the columns of the input
// relations (cat may be nil: nothing is known). The lineage of an
// expression is every input column it references, including CASE
// conditions, window PARTITION BY / ORDER BY and aggregate FILTERs; a
// scalar subquery contributes the lineage of its output column (not of its
// WHERE clause), and EXISTS contributes nothing. JOIN ON and WHERE
// conditions are checked for unknown columns but are not lineage.
func (q *Query) Columns(cat Catalog) ([]OutColumn, []Problem) {
	a := &analyzer{sql: q.sql, cat: cat}
	r := a.selectRel(q.sel, nil)
	out := make([]OutColumn, len(r.cols))
	for i, c := range r.cols {
		out[i] = OutColumn{Name: c.name, Type: finalType(c.typ), From: sortRefs(c.from)}
	}
	return out, a.sortedProblems()
}

// analyzer holds the state of one Columns call.
type analyzer struct {
	sql   string
	cat   Catalog
	ctes  []map[string]*cteDef // lexical WITH scopes, innermost last
	probs []Problem
}

// cteDef is a CTE's analysed result; busy while its recursive term is
// analysed for the first time.
type cteDef struct {
	r    *rel
	busy bool
}

func (a *analyzer) problem(off int32, format string, args ...any) {
	a.probs = append(a.probs, Problem{Offset: int(off), Msg: sprintf(format, args...)})
}

// sortedProblems sorts and deduplicates: recursive CTEs are analysed more
// than once and would repeat their problems.
func (a *analyzer) sortedProblems() []Problem {
	sort.SliceStable(a.probs, func(i, j int) bool {
		if a.probs[i].Offset != a.probs[j].Offset {
			return a.probs[i].Offset < a.probs[j].Offset
		}
		return a.probs[i].Msg < a.probs[j].Msg
	})
	out := a.probs[:0]
	for i, p := range a.probs {
		if i == 0 || p != a.probs[i-1] {
			out = append(out, p)
		}
	}
	return out
}

func (a *analyzer) lookupCTE(name string) (*cteDef, bool) {
	for i := len(a.ctes) - 1; i >= 0; i-- {
		if d, ok := a.ctes[i][name]; ok {
			return d, true
		}
	}
	return nil, false
}

// selectRel analyses one SELECT (or set operation, or VALUES) whose outer
// query levels are parent.
func (a *analyzer) selectRel(s *pg_query.SelectStmt, parent *level) *rel {
	if s == nil {
		return &rel{}
	}
	if s.WithClause != nil {
		a.withClause(s.WithClause, parent)
		defer func() { a.ctes = a.ctes[:len(a.ctes)-1] }()
	}
	if s.Op != pg_query.SetOperation_SETOP_NONE && s.Op != pg_query.SetOperation_SET_OPERATION_UNDEFINED {
		return setOp(a.selectRel(s.Larg, parent), a.selectRel(s.Rarg, parent))
	}
	if len(s.ValuesLists) > 0 {
		return a.values(s.ValuesLists, parent)
	}
	lv := &level{parent: parent, windows: s.WindowClause}
	for _, n := range s.FromClause {
		lv.entries = append(lv.entries, a.fromItem(n, lv))
	}
	a.check(s.WhereClause, lv)
	a.check(s.HavingClause, lv)
	return a.targets(s.TargetList, lv)
}

// check resolves the columns of a condition only to report problems.
func (a *analyzer) check(n *pg_query.Node, lv *level) {
	if n != nil {
		var sink []ColRef
		a.expr(n, lv, &sink)
	}
}

// withClause analyses the CTEs and pushes their scope; the caller pops it.
func (a *analyzer) withClause(wc *pg_query.WithClause, parent *level) {
	scope := map[string]*cteDef{}
	a.ctes = append(a.ctes, scope)
	if wc.Recursive {
		for _, n := range wc.Ctes {
			scope[n.GetCommonTableExpr().GetCtename()] = &cteDef{r: &rel{opaque: true}, busy: true}
		}
	}
	for _, n := range wc.Ctes {
		cte := n.GetCommonTableExpr()
		if cte == nil {
			continue
		}
		aliases := stringList(cte.Aliascolnames)
		s := cte.GetCtequery().GetSelectStmt()
		if d, ok := scope[cte.Ctename]; ok && d.busy {
			a.recursiveCTE(d, s, aliases, parent)
			continue
		}
		scope[cte.Ctename] = &cteDef{r: a.selectRel(s, parent).renamed(aliases)}
	}
}

// recursiveCTE analyses the non-recursive term first, then the whole union
// until the lineage stops growing (a few rounds: best effort).
func (a *analyzer) recursiveCTE(d *cteDef, s *pg_query.SelectStmt, aliases []string, parent *level) {
	if s != nil && s.Op == pg_query.SetOperation_SETOP_UNION && s.WithClause == nil {
		d.r = a.selectRel(s.Larg, parent).renamed(aliases)
	}
	d.busy = false
	for round := 0; round < 4; round++ {
		r := a.selectRel(s, parent).renamed(aliases)
		same := sameLineage(r, d.r)
		d.r = r
		if same {
			return
		}
	}
}

// values analyses a VALUES list: columns column1…columnN, the common type
// of each position, and the lineage of every row.
func (a *analyzer) values(rows []*pg_query.Node, parent *level) *rel {
	lv := &level{parent: parent}
	r := &rel{}
	for _, row := range rows {
		for i, n := range row.GetList().GetItems() {
			if i == len(r.cols) {
				r.cols = append(r.cols, col{name: "column" + itoa(i+1), typ: typeUnset})
			}
			c := &r.cols[i]
			c.typ = commonType(c.typ, a.expr(n, lv, &c.from))
		}
	}
	return r
}

// setOp combines the branches of UNION/INTERSECT/EXCEPT: names from the
// left, types resolved together, lineage from both.
func setOp(l, r *rel) *rel {
	out := &rel{cols: make([]col, len(l.cols)), open: append(l.open, r.open...)}
	for i, c := range l.cols {
		out.cols[i] = col{name: c.name, typ: c.typ, from: append([]ColRef(nil), c.from...)}
		if i < len(r.cols) {
			out.cols[i].typ = commonType(c.typ, r.cols[i].typ)
			out.cols[i].from = append(out.cols[i].from, r.cols[i].from...)
		}
	}
	return out
}

// targets builds the output columns of a select list.
func (a *analyzer) targets(list []*pg_query.Node, lv *level) *rel {
	out := &rel{}
	for _, n := range list {
		rt := n.GetResTarget()
		if rt == nil {
			continue
		}
		if cr := rt.GetVal().GetColumnRef(); cr != nil && isStar(cr) {
			a.expandStar(cr, lv, out)
			continue
		}
		c := col{name: rt.Name}
		c.typ = a.expr(rt.Val, lv, &c.from)
		if c.name == "" {
			c.name, _ = figureName(rt.Val)
		}
		out.cols = append(out.cols, c)
	}
	return out
}

// expandStar appends the columns of `*` or `t.*`. A part whose columns are
// unknown yields a problem and no columns, but stays traceable.
func (a *analyzer) expandStar(cr *pg_query.ColumnRef, lv *level, out *rel) {
	names := fieldNames(cr) // the qualifier of t.*; empty for *
	parts := lv.entries
	if len(names) > 0 {
		it := lv.findItem(names)
		if it == nil {
			a.problem(cr.Location, "missing FROM-clause entry for %q", strings.Join(names, "."))
			return
		}
		parts = []*rel{it.r}
	}
	for _, p := range parts {
		if p.isOpen() {
			a.problem(cr.Location, "cannot expand %s: the columns of %s are unknown", starText(names), p.unknownName())
			out.open = append(out.open, p)
			continue
		}
		for _, c := range p.cols {
			out.cols = append(out.cols, col{name: c.name, typ: c.typ, from: c.from})
		}
	}
}

func starText(names []string) string {
	if len(names) == 0 {
		return "*"
	}
	return strings.Join(names, ".") + ".*"
}

// sortRefs sorts and deduplicates lineage; it never returns nil.
func sortRefs(in []ColRef) []ColRef {
	out := append(make([]ColRef, 0, len(in)), in...)
	sort.Slice(out, func(i, j int) bool {
		x, y := out[i], out[j]
		if x.Schema != y.Schema {
			return x.Schema < y.Schema
		}
		if x.Name != y.Name {
			return x.Name < y.Name
		}
		return x.Column < y.Column
	})
	n := 0
	for i, c := range out {
		if i == 0 || c != out[n-1] {
			out[n] = c
			n++
		}
	}
	return out[:n]
}

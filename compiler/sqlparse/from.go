package sqlparse

import (
	pg_query "github.com/pganalyze/pg_query_go/v5"
)

// fromItem analyses one FROM item, adds the names it makes visible to lv
// (as it goes, so LATERAL items see earlier ones) and returns its result.
func (a *analyzer) fromItem(n *pg_query.Node, lv *level) *rel {
	switch x := n.GetNode().(type) {
	case *pg_query.Node_RangeVar:
		return a.rangeVar(x.RangeVar, lv)
	case *pg_query.Node_JoinExpr:
		return a.join(x.JoinExpr, lv)
	case *pg_query.Node_RangeSubselect:
		rs := x.RangeSubselect
		parent := lv.parent
		if rs.Lateral {
			parent = lv
		}
		r := a.selectRel(rs.GetSubquery().GetSelectStmt(), parent).renamed(aliasCols(rs.Alias))
		lv.items = append(lv.items, item{name: rs.GetAlias().GetAliasname(), r: r})
		return r
	case *pg_query.Node_RangeFunction:
		return a.rangeFunction(x.RangeFunction, lv)
	case *pg_query.Node_RangeTableSample:
		return a.fromItem(x.RangeTableSample.Relation, lv)
	}
	// XMLTABLE and anything newer: visible by alias, columns unknown.
	r := &rel{opaque: true}
	if rtf := n.GetRangeTableFunc(); rtf != nil {
		lv.items = append(lv.items, item{name: rtf.GetAlias().GetAliasname(), r: r})
	}
	return r
}

// rangeVar resolves a named FROM item: a CTE, SUPER navigation through an
// alias in scope, or a real relation looked up in the catalog.
func (a *analyzer) rangeVar(rv *pg_query.RangeVar, lv *level) *rel {
	it := item{name: rv.Relname, schema: rv.Schemaname}
	if rv.Alias != nil {
		it = item{name: rv.Alias.Aliasname}
	}
	it.r = a.relationOf(rv, lv).renamed(aliasCols(rv.Alias))
	lv.items = append(lv.items, it)
	return it.r
}

func (a *analyzer) relationOf(rv *pg_query.RangeVar, lv *level) *rel {
	if rv.Schemaname == "" && rv.Catalogname == "" {
		if d, ok := a.lookupCTE(rv.Relname); ok {
			return d.r
		}
	}
	if rv.Schemaname != "" && rv.Catalogname == "" {
		if it := lv.findItem([]string{rv.Schemaname}); it != nil {
			c := a.qualified(it, []string{rv.Schemaname}, []string{rv.Relname}, rv.Location)
			return &rel{nav: c.from, navSet: true}
		}
	}
	var cols []CatalogColumn
	ok := false
	if a.cat != nil {
		cols, ok = a.cat(rv.Schemaname, rv.Relname)
	}
	if !ok {
		return &rel{unknown: &ColRef{Schema: rv.Schemaname, Name: rv.Relname}}
	}
	r := &rel{cols: make([]col, len(cols))}
	for i, c := range cols {
		r.cols[i] = col{name: c.Name, typ: normType(c.Type), from: []ColRef{{Schema: rv.Schemaname, Name: rv.Relname, Column: c.Name}}}
	}
	return r
}

// join analyses both sides, then merges USING / NATURAL columns first, as
// PostgreSQL does for `*`. A join alias hides the names of both sides.
func (a *analyzer) join(j *pg_query.JoinExpr, lv *level) *rel {
	mark := len(lv.items)
	l := a.fromItem(j.Larg, lv)
	r := a.fromItem(j.Rarg, lv)
	a.check(j.Quals, lv)
	using := stringList(j.UsingClause)
	if j.IsNatural {
		using = commonNames(l, r)
	}
	out := &rel{open: appendOpen(nil, l, r)}
	taken := map[string]bool{}
	for _, name := range using {
		lc, ln, _ := l.find(name)
		rc, rn, _ := r.find(name)
		if ln == 0 && rn == 0 && !l.isOpen() && !r.isOpen() {
			a.problem(j.Larg.GetRangeVar().GetLocation(), "column %q named in USING does not exist", name)
		}
		from := append(append([]ColRef(nil), lc.from...), rc.from...)
		out.cols = append(out.cols, col{name: name, typ: commonType(lc.typ, rc.typ), from: from})
		taken[name] = true
	}
	for _, side := range []*rel{l, r} {
		for _, c := range side.cols {
			if !taken[c.name] {
				out.cols = append(out.cols, c)
			}
		}
	}
	if j.Alias != nil {
		out = out.renamed(aliasCols(j.Alias))
		lv.items = append(lv.items[:mark], item{name: j.Alias.Aliasname, r: out})
	}
	return out
}

// appendOpen keeps the unknown parts of a join's sides traceable.
func appendOpen(open []*rel, sides ...*rel) []*rel {
	for _, s := range sides {
		if s.isOpen() {
			open = append(open, s)
		}
	}
	return open
}

// commonNames lists the column names both sides have, for NATURAL JOIN.
func commonNames(l, r *rel) []string {
	var out []string
	for _, c := range l.cols {
		if _, n, _ := r.find(c.name); n > 0 {
			out = append(out, c.name)
		}
	}
	return out
}

// rangeFunction analyses `f(...) [WITH ORDINALITY] [AS] a(c, …)` and
// ROWS FROM (…). Functions in FROM are implicitly LATERAL: their arguments
// are resolved against lv, and each output column's lineage is them.
func (a *analyzer) rangeFunction(rf *pg_query.RangeFunction, lv *level) *rel {
	r := &rel{}
	refname := rf.GetAlias().GetAliasname()
	for _, fn := range rf.Functions {
		pair := fn.GetList().GetItems()
		if len(pair) == 0 {
			continue
		}
		var from []ColRef
		typ := a.expr(pair[0], lv, &from)
		name, _ := figureName(pair[0])
		if refname == "" {
			refname = name
		}
		defs := coldefs(rf.Coldeflist)
		if len(pair) > 1 && len(pair[1].GetList().GetItems()) > 0 {
			defs = coldefs(pair[1].GetList().GetItems()) // ROWS FROM (f() AS (a int))
		}
		if len(defs) == 0 {
			r.cols = append(r.cols, col{name: name, typ: typ, from: from})
		}
		for _, d := range defs {
			r.cols = append(r.cols, col{name: d.name, typ: d.typ, from: from})
		}
	}
	if rf.Ordinality {
		r.cols = append(r.cols, col{name: "ordinality", typ: "bigint"})
	}
	aliases := aliasCols(rf.Alias)
	if len(aliases) == 0 && rf.Alias != nil && len(r.cols) == 1 && len(rf.Coldeflist) == 0 {
		// A scalar function's only column takes the alias's name.
		aliases = []string{rf.Alias.Aliasname}
	}
	r = r.renamed(aliases)
	lv.items = append(lv.items, item{name: refname, r: r})
	return r
}

// coldefs reads a column definition list: `AS x(a int, b text)`.
func coldefs(ns []*pg_query.Node) []col {
	var out []col
	for _, n := range ns {
		if cd := n.GetColumnDef(); cd != nil {
			out = append(out, col{name: cd.Colname, typ: typeName(cd.TypeName)})
		}
	}
	return out
}

func aliasCols(al *pg_query.Alias) []string {
	if al == nil {
		return nil
	}
	return stringList(al.Colnames)
}

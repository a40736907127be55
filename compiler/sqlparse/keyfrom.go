package sqlparse

import (
	pg_query "github.com/pganalyze/pg_query_go/v5"
)

// fromList analyses the FROM items, then combines them as inner joins whose
// condition is the WHERE clause: `FROM a, b WHERE a.x = b.key` matches each
// row of a with at most one row of b, as an explicit join would.
func (a *kan) fromList(list []*pg_query.Node, where []*pg_query.Node, lv *klevel) *krel {
	if len(list) == 0 {
		return &krel{single: true, most: 2} // SELECT without FROM: one row
	}
	marks := make([]int, len(list)+1)
	for i, n := range list {
		marks[i] = len(lv.items)
		lv.entries = append(lv.entries, a.fromItem(n, lv))
	}
	marks[len(list)] = len(lv.items)
	if len(list) == 1 {
		return lv.entries[0]
	}
	fs := a.facts(where, lv)
	r := lv.entries[0]
	for i := 1; i < len(list); i++ {
		r = a.combine(r, lv.entries[i], fs, pg_query.JoinType_JOIN_INNER, false, lv, [3]int{0, marks[i], marks[i+1]})
	}
	return r
}

// fromItem analyses one FROM item and makes its names visible in lv.
func (a *kan) fromItem(n *pg_query.Node, lv *klevel) *krel {
	switch x := n.GetNode().(type) {
	case *pg_query.Node_RangeVar:
		rv := x.RangeVar
		it := kitem{name: rv.Relname, schema: rv.Schemaname}
		if rv.Alias != nil {
			it = kitem{name: rv.Alias.Aliasname}
		}
		it.r = renamed(a.relationOf(rv), aliasCols(rv.Alias))
		lv.items = append(lv.items, it)
		return it.r
	case *pg_query.Node_JoinExpr:
		return a.join(x.JoinExpr, lv)
	case *pg_query.Node_RangeSubselect:
		rs := x.RangeSubselect
		parent := lv.parent
		if rs.Lateral {
			parent = lv
		}
		r := renamed(a.selectRel(rs.GetSubquery().GetSelectStmt(), parent), aliasCols(rs.Alias))
		if rs.Lateral { // its rows are per row of what precedes it
			r.count = rowCount{}
		}
		lv.items = append(lv.items, kitem{name: rs.GetAlias().GetAliasname(), r: r})
		return r
	case *pg_query.Node_RangeTableSample:
		r := *a.fromItem(x.RangeTableSample.Relation, lv)
		r.count = r.count.le(RuleFilter)
		return &r
	}
	// Functions in FROM (unnest, generate_series, …) can return any number
	// of rows per row of what precedes them: nothing is known.
	r := &krel{open: true}
	name := n.GetRangeFunction().GetAlias().GetAliasname()
	if name == "" {
		name = n.GetRangeTableFunc().GetAlias().GetAliasname()
	}
	lv.items = append(lv.items, kitem{name: name, r: r})
	return r
}

// relationOf returns a fresh instance of a CTE, or a real relation with the
// columns and keys the catalogs know.
func (a *kan) relationOf(rv *pg_query.RangeVar) *krel {
	if rv.Schemaname == "" && rv.Catalogname == "" {
		for i := len(a.ctes) - 1; i >= 0; i-- {
			if r, ok := a.ctes[i][rv.Relname]; ok {
				return a.instance(r)
			}
		}
	}
	r := &krel{single: true}
	if rv.Catalogname == "" {
		r.count = rowCount{of: RelName{Schema: rv.Schemaname, Name: rv.Relname}, op: "eq", rule: RuleProjection}
		if !rv.Inh { // ONLY t: the parent's own rows, fewer than t's
			r.count = r.count.le(RuleFilter)
		}
	}
	var cols []CatalogColumn
	ok := false
	if a.cat != nil {
		cols, ok = a.cat(rv.Schemaname, rv.Relname)
	}
	r.open = !ok
	for _, c := range cols {
		r.cols = append(r.cols, kcol{name: c.Name, sure: true, id: a.newID(false)})
	}
	if a.keys != nil {
		a.inputKeys(r, a.keys(rv.Schemaname, rv.Relname))
	}
	return r
}

// inputKeys records an input's keys; a key naming a column the column
// catalog lacks is ignored (the two catalogs disagree).
func (a *kan) inputKeys(r *krel, keys []Key) {
	for _, k := range keys {
		ids := make([]int, 0, len(k.Columns))
		for _, name := range k.Columns {
			if id, ok := a.find(r, name); ok && id >= 0 {
				ids = append(ids, id)
			}
		}
		if len(ids) != len(k.Columns) || len(ids) == 0 {
			continue
		}
		if !k.NotNull {
			r.weak = append(r.weak, idSet(ids))
			continue
		}
		for _, id := range ids {
			a.nn[id] = true
		}
		r.addKey(ids, RuleCarried)
	}
}

// join analyses a JOIN expression. Its ON (and USING) facts decide whether
// a side can fan out; an alias hides the names of both sides.
func (a *kan) join(j *pg_query.JoinExpr, lv *klevel) *krel {
	m0 := len(lv.items)
	l := a.fromItem(j.Larg, lv)
	m1 := len(lv.items)
	r := a.fromItem(j.Rarg, lv)
	// ON sees both sides' columns unqualified.
	saved := lv.entries
	lv.entries = append(saved[:len(saved):len(saved)], l, r)
	fs := a.facts(conjuncts(j.Quals), lv)
	lv.entries = saved
	using := stringList(j.UsingClause)
	if j.IsNatural {
		using = commonCols(l, r)
	}
	for _, name := range using {
		x, _ := a.find(l, name)
		y, _ := a.find(r, name)
		if x >= 0 && y >= 0 {
			fs = append(fs, kfact{kind: factEq, x: x, y: y})
		}
	}
	out := a.combine(l, r, fs, j.Jointype, j.Quals != nil || len(using) > 0, lv, [3]int{m0, m1, len(lv.items)})
	if len(using) > 0 {
		out = a.merged(out, l, r, using, j.Jointype)
	}
	if j.Alias != nil {
		out = renamed(out, aliasCols(j.Alias))
		lv.items = append(lv.items[:m0], kitem{name: j.Alias.Aliasname, r: out})
	}
	return out
}

// merged puts USING / NATURAL columns first, once, as PostgreSQL does: the
// left value (right for RIGHT JOIN, a new one for FULL JOIN).
func (a *kan) merged(out, l, r *krel, using []string, jt pg_query.JoinType) *krel {
	res := *out
	res.cols = nil
	for _, name := range using {
		id := named(out.cols, name, jt == pg_query.JoinType_JOIN_RIGHT)
		if id < 0 || jt == pg_query.JoinType_JOIN_FULL {
			id = a.newID(false)
		}
		res.cols = append(res.cols, kcol{name: name, sure: true, id: id})
	}
	for _, c := range out.cols {
		if !containsStr(using, c.name) {
			res.cols = append(res.cols, c)
		}
	}
	return &res
}

// named returns the id of the first (or last) column called name, or -1.
func named(cols []kcol, name string, last bool) int {
	id := -1
	for _, c := range cols {
		if c.name == name {
			id = c.id
			if !last {
				break
			}
		}
	}
	return id
}

// commonCols lists the column names both sides are known to have.
func commonCols(l, r *krel) []string {
	var out []string
	for _, c := range l.cols {
		for _, d := range r.cols {
			if c.name == d.name && !containsStr(out, c.name) {
				out = append(out, c.name)
			}
		}
	}
	return out
}

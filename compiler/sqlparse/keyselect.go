package sqlparse

import (
	pg_query "github.com/pganalyze/pg_query_go/v5"
)

// klevel is one query level of the key analysis: the FROM items visible by
// name, the facts its WHERE and inner joins establish, and the select-list
// expressions GROUP BY and DISTINCT ON may repeat.
type klevel struct {
	parent  *klevel
	items   []kitem
	entries []*krel
	eqs     [][2]int // pairs of ids equal (and not NULL) on every row
	consts  []int    // ids holding one value on every row
	exprs   []kexpr  // select-list expressions other than plain columns
	winKeys []kkey   // (PARTITION BY …, row_number()) keys
	windows []*pg_query.Node
}

// kitem is a FROM item visible by name.
type kitem struct {
	name, schema string
	r            *krel
}

// kexpr is a select-list expression and the id of its value.
type kexpr struct {
	n   *pg_query.Node
	id  int
	key string // exprKey, computed on first use
}

// kflags says what the select list (and HAVING, ORDER BY) contain.
type kflags struct {
	agg     bool // an aggregate: without GROUP BY the result is one row
	unknown bool // a function that might aggregate or return a set
}

// selectRel analyses a SELECT, set operation or VALUES whose enclosing
// levels are parent.
func (a *kan) selectRel(s *pg_query.SelectStmt, parent *klevel) *krel {
	if s == nil {
		return &krel{open: true}
	}
	if s.WithClause != nil {
		a.withClause(s.WithClause, parent)
		defer func() { a.ctes = a.ctes[:len(a.ctes)-1] }()
	}
	var r *krel
	switch {
	case s.Op != pg_query.SetOperation_SETOP_NONE && s.Op != pg_query.SetOperation_SET_OPERATION_UNDEFINED:
		r = a.setOp(s, parent)
	case len(s.ValuesLists) > 0:
		r = &krel{single: true}
		for range s.ValuesLists[0].GetList().GetItems() {
			r.cols = append(r.cols, kcol{name: "column" + itoa(len(r.cols)+1), id: a.newID(false)})
		}
	default:
		r = a.plainSelect(s, parent)
	}
	return a.limit(s, r)
}

// withClause analyses the CTEs and pushes their scope; the caller pops it.
// A recursive CTE is opaque: its rows are not a projection of anything.
func (a *kan) withClause(wc *pg_query.WithClause, parent *klevel) {
	scope := map[string]*krel{}
	a.ctes = append(a.ctes, scope)
	for _, n := range wc.Ctes {
		cte := n.GetCommonTableExpr()
		if cte == nil {
			continue
		}
		if wc.Recursive {
			scope[cte.Ctename] = &krel{open: true}
			continue
		}
		r := a.selectRel(cte.GetCtequery().GetSelectStmt(), parent)
		scope[cte.Ctename] = renamed(r, stringList(cte.Aliascolnames))
	}
}

// renamed applies column aliases. Positions are unknowable when r has
// columns of unknown names, so such a result keeps only its row count.
func renamed(r *krel, aliases []string) *krel {
	if len(aliases) == 0 {
		return r
	}
	if r.open {
		return &krel{open: true, count: r.count, most: r.most}
	}
	out := *r
	out.cols = append([]kcol(nil), r.cols...)
	for i := 0; i < len(aliases) && i < len(out.cols); i++ {
		out.cols[i].name, out.cols[i].sure = aliases[i], true
	}
	return &out
}

// plainSelect analyses SELECT … FROM … WHERE … GROUP BY … .
func (a *kan) plainSelect(s *pg_query.SelectStmt, parent *klevel) *krel {
	lv := &klevel{parent: parent, windows: s.WindowClause}
	where := conjuncts(s.WhereClause)
	from := a.fromList(s.FromClause, where, lv)
	from = a.filter(from, where, lv)
	out, fl := a.targets(s.TargetList, lv)
	a.flags(s.HavingClause, lv, &fl)
	for _, sb := range s.SortClause {
		a.flags(sb.GetSortBy().GetNode(), lv, &fl)
	}
	a.shape(s, lv, from, out, fl)
	a.distinct(s, lv, out, fl)
	out.keys = a.project(out, lv)
	return out
}

// shape derives the result's keys and row count from its FROM result.
func (a *kan) shape(s *pg_query.SelectStmt, lv *klevel, from, out *krel, fl kflags) {
	switch {
	case fl.unknown || hasGroupingSet(s.GroupClause):
		return
	case len(s.GroupClause) > 0:
		gids := make([]int, len(s.GroupClause))
		for i, g := range s.GroupClause {
			gids[i] = a.groupID(g, lv, out)
		}
		out.addKey(gids, RuleGroupBy)
		for _, k := range from.keys {
			if subset(k.ids, gids) {
				out.addKey(k.ids, k.rule)
			}
		}
		a.groupByItemKey(gids, lv, out)
	case fl.agg || s.HavingClause != nil:
		out.most = 2
		if s.HavingClause != nil {
			out.most = 1
		}
		return
	default:
		out.keys = append(out.keys, from.keys...)
		out.count, out.most = from.count, from.most
	}
	for _, k := range lv.winKeys {
		out.addKey(k.ids, k.rule)
	}
}

// groupByItemKey shortens a GROUP BY key: when it holds a NOT NULL key of
// one FROM item, that key fixes the item's other columns, which can go
// (`GROUP BY u.id, u.name` is unique on u.id even when the join fans out).
func (a *kan) groupByItemKey(gids []int, lv *klevel, out *krel) {
	for _, it := range lv.items {
		for _, k := range it.r.keys {
			if !subset(k.ids, gids) || !a.allNotNull(k.ids) {
				continue
			}
			var ids []int
			for _, g := range gids {
				if containsID(k.ids, g) || !containsID(it.r.colIDs(), g) {
					ids = append(ids, g)
				}
			}
			out.addKey(ids, RuleGroupBy)
		}
	}
}

func (a *kan) allNotNull(ids []int) bool {
	for _, id := range ids {
		if !a.nn[id] {
			return false
		}
	}
	return true
}

// distinct adds the key of SELECT DISTINCT (every column) or DISTINCT ON
// (its expressions); either way the row count relates to nothing.
func (a *kan) distinct(s *pg_query.SelectStmt, lv *klevel, out *krel, fl kflags) {
	if len(s.DistinctClause) == 0 {
		return
	}
	out.count = rowCount{}
	if s.DistinctClause[0].GetNode() == nil {
		if !out.open {
			out.addKey(out.colIDs(), RuleDistinct)
		}
		return
	}
	if fl.unknown {
		return
	}
	ids := make([]int, len(s.DistinctClause))
	for i, n := range s.DistinctClause {
		ids[i] = a.orderID(n, lv, out)
	}
	out.addKey(ids, RuleDistinctOn)
}

// project rewrites keys over the output columns: ids fixed by WHERE drop
// out, an id not projected is replaced by a projected one equal to it, and
// a key that still names an unprojected value is lost.
func (a *kan) project(out *krel, lv *klevel) []kkey {
	have := out.colIDs()
	res := &krel{}
	for _, k := range out.keys {
		ids, rule, ok := make([]int, 0, len(k.ids)), k.rule, true
		for _, id := range k.ids {
			if containsID(lv.consts, id) {
				if a.rn[id] {
					rule = RuleRowNumberDedup
				}
				continue
			}
			if !containsID(have, id) {
				id = lv.partner(id, have)
			}
			if id < 0 {
				ok = false
				break
			}
			ids = append(ids, id)
		}
		switch {
		case !ok:
		case len(ids) == 0:
			if out.most == 0 {
				out.most = 1
			}
		default:
			res.addKey(ids, rule)
		}
	}
	return res.keys
}

// partner returns an id in have that lv's facts make equal to id, or -1.
func (lv *klevel) partner(id int, have []int) int {
	for _, e := range lv.eqs {
		if e[0] == id && containsID(have, e[1]) {
			return e[1]
		}
		if e[1] == id && containsID(have, e[0]) {
			return e[0]
		}
	}
	return -1
}

// limit applies LIMIT / OFFSET / FETCH: rows can only go. FETCH … WITH TIES
// can return more rows than its count.
func (a *kan) limit(s *pg_query.SelectStmt, r *krel) *krel {
	if s.LimitCount == nil && s.LimitOffset == nil {
		return r
	}
	r.count = r.count.le(RuleLimit)
	if r.most == 2 {
		r.most = 1
	}
	if c := s.LimitCount.GetAConst(); c != nil && c.GetIval() != nil && c.GetIval().Ival <= 1 &&
		s.LimitOption != pg_query.LimitOption_LIMIT_OPTION_WITH_TIES {
		r.most = 1
	}
	return r
}

// setOp analyses UNION / INTERSECT / EXCEPT. Without ALL the result has no
// duplicate rows; INTERSECT and EXCEPT keep a subset of the left side's
// rows, so its keys and an upper bound on its count.
func (a *kan) setOp(s *pg_query.SelectStmt, parent *klevel) *krel {
	l, r := a.selectRel(s.Larg, parent), a.selectRel(s.Rarg, parent)
	if s.Op != pg_query.SetOperation_SETOP_UNION {
		out := &krel{cols: l.cols, open: l.open, single: l.single, keys: l.keys, count: l.count.le(RuleSetOp)}
		if !s.All && !out.open {
			out.addKey(out.colIDs(), RuleUnion)
		}
		return out
	}
	out := &krel{open: l.open || r.open, single: true}
	for i, c := range l.cols {
		nn := i < len(r.cols) && a.nn[c.id] && a.nn[r.cols[i].id]
		out.cols = append(out.cols, kcol{name: c.name, sure: c.sure, id: a.newID(nn)})
	}
	if !s.All && !out.open && len(l.cols) == len(r.cols) {
		out.addKey(out.colIDs(), RuleUnion)
	}
	return out
}

// filter applies WHERE: its facts hold on every remaining row, and rows
// can only go.
func (a *kan) filter(r *krel, where []*pg_query.Node, lv *klevel) *krel {
	if len(where) == 0 {
		return r
	}
	a.apply(a.facts(where, lv), lv)
	rule := RuleFilter
	for _, c := range where {
		if isSemiJoin(c) {
			rule = RuleSemiJoin
		}
	}
	out := *r
	out.count = r.count.le(rule)
	if out.most == 2 {
		out.most = 1
	}
	return &out
}

func isSemiJoin(n *pg_query.Node) bool {
	sl := n.GetSubLink()
	return sl != nil && (sl.SubLinkType == pg_query.SubLinkType_EXISTS_SUBLINK || sl.SubLinkType == pg_query.SubLinkType_ANY_SUBLINK)
}

func hasGroupingSet(groups []*pg_query.Node) bool {
	for _, g := range groups {
		if g.GetGroupingSet() != nil {
			return true
		}
	}
	return false
}

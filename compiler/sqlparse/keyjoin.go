package sqlparse

import (
	pg_query "github.com/pganalyze/pg_query_go/v5"
)

// combine joins l and r. span marks their FROM items in lv.items: l's are
// [span[0], span[1]), r's [span[1], span[2]). quals says the join has a
// condition (a CROSS JOIN with a one-row side keeps the other side's rows).
//
// A key of one side survives when each of its rows matches at most one row
// of the other side: the ON facts bind every column of a key of the other
// side to a value of this side or a constant. A key of each side together
// is always a key of an inner join (a pair of rows) and of a left join (an
// unmatched row appears once). The nullable side of an outer join gets
// fresh, nullable ids: its keys do not survive alone.
func (a *kan) combine(l, r *krel, fs []kfact, jt pg_query.JoinType, quals bool, lv *klevel, span [3]int) *krel {
	rOne := a.bound(l, r, fs, lv, span[0], span[1])
	lOne := a.bound(r, l, fs, lv, span[1], span[2])
	switch jt {
	case pg_query.JoinType_JOIN_INNER:
		a.apply(fs, lv)
	case pg_query.JoinType_JOIN_LEFT:
		r = a.nullItems(r, lv, span[1], span[2])
	case pg_query.JoinType_JOIN_RIGHT:
		l = a.nullItems(l, lv, span[0], span[1])
	default: // FULL: both sides nullable, nothing survives
		l, r = a.nullItems(l, lv, span[0], span[1]), a.nullItems(r, lv, span[1], span[2])
		out := &krel{cols: append(append([]kcol(nil), l.cols...), r.cols...), open: l.open || r.open}
		out.single = !out.open
		return out
	}
	out := &krel{cols: append(append([]kcol(nil), l.cols...), r.cols...), open: l.open || r.open}
	out.single = !out.open
	switch jt {
	case pg_query.JoinType_JOIN_INNER:
		a.innerJoin(out, l, r, rOne, lOne, quals)
	case pg_query.JoinType_JOIN_LEFT:
		outerJoin(out, l, r, rOne)
	case pg_query.JoinType_JOIN_RIGHT:
		outerJoin(out, r, l, lOne)
	}
	return out
}

// innerJoin sets the keys and row count of an inner join.
func (a *kan) innerJoin(out, l, r *krel, rOne, lOne, quals bool) {
	if rOne {
		out.keys = append(out.keys, l.keys...)
		out.count = l.count.le(RuleJoin)
		if l.most >= 1 {
			out.most = 1
		}
	}
	if lOne {
		out.keys = append(out.keys, r.keys...)
		if !rOne {
			out.count = r.count.le(RuleJoin)
		}
	}
	switch {
	case r.most == 2 && !quals:
		out.count, out.most = l.count, l.most
	case l.most == 2 && !quals:
		out.count, out.most = r.count, r.most
	}
	if !rOne && !lOne {
		productKeys(out, l, r)
	}
}

// outerJoin sets the keys and row count of `keep LEFT JOIN other`; one says
// each row of keep matches at most one row of other, so it appears once.
func outerJoin(out, keep, other *krel, one bool) {
	if one {
		out.keys = append(out.keys, keep.keys...)
		out.count, out.most = keep.count, keep.most
		if out.count.op == "eq" {
			out.count.rule = RuleLeftJoin
		}
		return
	}
	productKeys(out, keep, other)
}

// productKeys adds the union of a key of each side (a few at most).
func productKeys(out, l, r *krel) {
	for i, kl := range l.keys {
		for j, kr := range r.keys {
			if i < 2 && j < 2 {
				out.addKey(append(append([]int(nil), kl.ids...), kr.ids...), RuleCarried)
			}
		}
	}
}

// nullItems makes r and its FROM items (lv.items[from:to]) the nullable
// side of an outer join.
func (a *kan) nullItems(r *krel, lv *klevel, from, to int) *krel {
	m := map[int]int{}
	for i := from; i < to && i < len(lv.items); i++ {
		lv.items[i].r = a.nulled(lv.items[i].r, m)
	}
	return a.nulled(r, m)
}

// bound reports whether each row of l matches at most one row of r: r has
// at most one row, or facts bind every column of one of r's keys to values
// of l (whose FROM items are lv.items[from:to]) or to constants. A bound
// value is never NULL, so r's keys that allow NULLs serve too.
func (a *kan) bound(l, r *krel, fs []kfact, lv *klevel, from, to int) bool {
	if r.most >= 1 {
		return true
	}
	if len(r.keys) == 0 && len(r.weak) == 0 {
		return false
	}
	reach := l.colIDs()
	for i := from; i < to && i < len(lv.items); i++ {
		reach = append(reach, lv.items[i].r.colIDs()...)
	}
	for changed := true; changed; {
		changed = false
		for _, f := range fs {
			switch {
			case f.kind == factConst && !containsID(reach, f.x):
				reach, changed = append(reach, f.x), true
			case f.kind != factEq:
			case containsID(reach, f.x) && !containsID(reach, f.y):
				reach, changed = append(reach, f.y), true
			case containsID(reach, f.y) && !containsID(reach, f.x):
				reach, changed = append(reach, f.x), true
			}
		}
	}
	for _, k := range r.keys {
		if subset(k.ids, reach) {
			return true
		}
	}
	for _, w := range r.weak {
		if subset(w, reach) {
			return true
		}
	}
	return false
}

// The kinds of kfact.
const (
	factNotNull = iota // x is not NULL
	factEq             // x = y, neither NULL
	factConst          // x = a constant, not NULL
)

// kfact is a fact a condition establishes for every row it keeps.
type kfact struct {
	kind int
	x, y int
}

// apply records facts as holding on every row of lv.
func (a *kan) apply(fs []kfact, lv *klevel) {
	for _, f := range fs {
		a.nn[f.x] = true
		switch f.kind {
		case factEq:
			a.nn[f.y] = true
			lv.eqs = append(lv.eqs, [2]int{f.x, f.y})
		case factConst:
			lv.consts = append(lv.consts, f.x)
		}
	}
}

// facts reads the facts of a conjunction of conditions: comparisons are
// strict (a NULL operand fails them), `col = constant` fixes col, `rn <= 1`
// fixes a row_number().
func (a *kan) facts(conj []*pg_query.Node, lv *klevel) []kfact {
	var out []kfact
	for _, c := range conj {
		switch x := c.GetNode().(type) {
		case *pg_query.Node_NullTest:
			if x.NullTest.Nulltesttype == pg_query.NullTestType_IS_NOT_NULL {
				out = a.notNullFact(out, x.NullTest.Arg, lv)
			}
		case *pg_query.Node_AExpr:
			out = a.exprFacts(out, x.AExpr, lv)
		case *pg_query.Node_SubLink:
			if x.SubLink.SubLinkType == pg_query.SubLinkType_ANY_SUBLINK {
				out = a.notNullFact(out, x.SubLink.Testexpr, lv)
			}
		}
	}
	return out
}

func (a *kan) notNullFact(fs []kfact, n *pg_query.Node, lv *klevel) []kfact {
	if id := a.refID(n, lv); id >= 0 {
		fs = append(fs, kfact{kind: factNotNull, x: id})
	}
	return fs
}

var cmpOps = map[string]bool{"=": true, "<>": true, "<": true, ">": true, "<=": true, ">=": true}

func (a *kan) exprFacts(fs []kfact, e *pg_query.A_Expr, lv *klevel) []kfact {
	switch e.Kind {
	case pg_query.A_Expr_Kind_AEXPR_OP:
		if !cmpOps[opName(e)] {
			return fs
		}
		return a.compareFacts(fs, opName(e), e.Lexpr, e.Rexpr, lv)
	case pg_query.A_Expr_Kind_AEXPR_IN:
		items := e.Rexpr.GetList().GetItems()
		if opName(e) == "=" && len(items) == 1 {
			return a.compareFacts(fs, "=", e.Lexpr, items[0], lv)
		}
		return a.notNullFact(fs, e.Lexpr, lv)
	case pg_query.A_Expr_Kind_AEXPR_LIKE, pg_query.A_Expr_Kind_AEXPR_ILIKE, pg_query.A_Expr_Kind_AEXPR_SIMILAR,
		pg_query.A_Expr_Kind_AEXPR_BETWEEN, pg_query.A_Expr_Kind_AEXPR_NOT_BETWEEN,
		pg_query.A_Expr_Kind_AEXPR_BETWEEN_SYM, pg_query.A_Expr_Kind_AEXPR_NOT_BETWEEN_SYM:
		return a.notNullFact(fs, e.Lexpr, lv)
	}
	return fs
}

// compareFacts reads `l op r`.
func (a *kan) compareFacts(fs []kfact, op string, l, r *pg_query.Node, lv *klevel) []kfact {
	x, y := a.refID(l, lv), a.refID(r, lv)
	fs = a.notNullFact(a.notNullFact(fs, l, lv), r, lv)
	switch {
	case op == "=" && x >= 0 && y >= 0:
		fs = append(fs, kfact{kind: factEq, x: x, y: y})
	case op == "=" && x >= 0 && isConst(r):
		fs = append(fs, kfact{kind: factConst, x: x})
	case op == "=" && y >= 0 && isConst(l):
		fs = append(fs, kfact{kind: factConst, x: y})
	case x >= 0 && a.rn[x] && (op == "<=" && isInt(r, 1) || op == "<" && isInt(r, 2)):
		fs = append(fs, kfact{kind: factConst, x: x})
	case y >= 0 && a.rn[y] && (op == ">=" && isInt(l, 1) || op == ">" && isInt(l, 2)):
		fs = append(fs, kfact{kind: factConst, x: y})
	}
	return fs
}

// refID returns the id of a plain column reference, or -1.
func (a *kan) refID(n *pg_query.Node, lv *klevel) int {
	if cr := n.GetColumnRef(); cr != nil {
		return a.colID(cr, lv)
	}
	return -1
}

// isConst reports whether n is a non-NULL literal, possibly cast.
func isConst(n *pg_query.Node) bool {
	if tc := n.GetTypeCast(); tc != nil {
		n = tc.Arg
	}
	c := n.GetAConst()
	return c != nil && !c.Isnull
}

func isInt(n *pg_query.Node, v int32) bool {
	c := n.GetAConst()
	return c != nil && c.GetIval() != nil && c.GetIval().Ival == v
}

// conjuncts flattens top-level ANDs.
func conjuncts(n *pg_query.Node) []*pg_query.Node {
	if n == nil {
		return nil
	}
	if b := n.GetBoolExpr(); b != nil && b.Boolop == pg_query.BoolExprType_AND_EXPR {
		var out []*pg_query.Node
		for _, arg := range b.Args {
			out = append(out, conjuncts(arg)...)
		}
		return out
	}
	return []*pg_query.Node{n}
}

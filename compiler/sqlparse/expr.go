package sqlparse

import (
	pg_query "github.com/pganalyze/pg_query_go/v5"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// expr returns the type of expression n ("" when unknown) and appends the
// input columns it reads to *from.
func (a *analyzer) expr(n *pg_query.Node, lv *level, from *[]ColRef) string {
	if n == nil || n.Node == nil {
		return ""
	}
	switch x := n.Node.(type) {
	case *pg_query.Node_ColumnRef:
		return a.columnRef(x.ColumnRef, lv, from)
	case *pg_query.Node_AConst:
		return constType(x.AConst)
	case *pg_query.Node_TypeCast:
		a.expr(x.TypeCast.Arg, lv, from)
		return typeName(x.TypeCast.TypeName)
	case *pg_query.Node_FuncCall:
		return a.funcCall(x.FuncCall, lv, from)
	case *pg_query.Node_AExpr:
		return a.aExpr(x.AExpr, lv, from)
	case *pg_query.Node_BoolExpr:
		a.exprs(x.BoolExpr.Args, lv, from)
		return "boolean"
	case *pg_query.Node_NullTest:
		a.expr(x.NullTest.Arg, lv, from)
		return "boolean"
	case *pg_query.Node_BooleanTest:
		a.expr(x.BooleanTest.Arg, lv, from)
		return "boolean"
	case *pg_query.Node_SubLink:
		return a.subLink(x.SubLink, lv, from)
	case *pg_query.Node_CaseExpr:
		return a.caseExpr(x.CaseExpr, lv, from)
	case *pg_query.Node_CoalesceExpr:
		return a.common(x.CoalesceExpr.Args, lv, from)
	case *pg_query.Node_MinMaxExpr:
		return a.common(x.MinMaxExpr.Args, lv, from)
	case *pg_query.Node_CollateClause:
		return a.expr(x.CollateClause.Arg, lv, from)
	case *pg_query.Node_SqlvalueFunction:
		return svfType(x.SqlvalueFunction.Op)
	}
	return a.expr2(n, lv, from)
}

// expr2 continues expr's switch (kept apart to keep functions short).
func (a *analyzer) expr2(n *pg_query.Node, lv *level, from *[]ColRef) string {
	switch x := n.Node.(type) {
	case *pg_query.Node_AArrayExpr:
		return arrayOf(a.common(x.AArrayExpr.Elements, lv, from))
	case *pg_query.Node_RowExpr:
		a.exprs(x.RowExpr.Args, lv, from)
		return "record"
	case *pg_query.Node_AIndirection:
		return a.indirection(x.AIndirection, lv, from)
	case *pg_query.Node_GroupingFunc:
		a.exprs(x.GroupingFunc.Args, lv, from)
		return "integer"
	case *pg_query.Node_ParamRef:
		return ""
	case *pg_query.Node_List:
		a.exprs(x.List.Items, lv, from)
		return ""
	case *pg_query.Node_SelectStmt:
		r := a.selectRel(x.SelectStmt, lv)
		if len(r.cols) > 0 {
			*from = append(*from, r.cols[0].from...)
			return r.cols[0].typ
		}
		return ""
	}
	a.generic(n.ProtoReflect(), lv, from)
	return ""
}

func (a *analyzer) exprs(ns []*pg_query.Node, lv *level, from *[]ColRef) {
	for _, n := range ns {
		a.expr(n, lv, from)
	}
}

// common walks ns and returns their common type (CASE, COALESCE, ARRAY[]).
func (a *analyzer) common(ns []*pg_query.Node, lv *level, from *[]ColRef) string {
	t := typeUnset
	for _, n := range ns {
		t = commonType(t, a.expr(n, lv, from))
	}
	return t
}

func (a *analyzer) columnRef(cr *pg_query.ColumnRef, lv *level, from *[]ColRef) string {
	names := fieldNames(cr)
	if isStar(cr) {
		// t.* inside an expression (row(t.*), count(t.*)): all of t.
		if it := lv.findItem(names); len(names) > 0 && it != nil {
			for _, c := range it.r.cols {
				*from = append(*from, c.from...)
			}
		}
		return ""
	}
	c := a.resolveColumn(names, cr.Location, lv)
	*from = append(*from, c.from...)
	return c.typ
}

func (a *analyzer) funcCall(f *pg_query.FuncCall, lv *level, from *[]ColRef) string {
	name := funcName(f)
	args := make([]string, len(f.Args))
	for i, n := range f.Args {
		if i == 0 && datePartFuncs[name] && isBareWord(n) {
			continue // Redshift's DATEADD(day, …): `day` is a keyword, not a column
		}
		args[i] = a.expr(n, lv, from)
	}
	a.exprs(f.AggOrder, lv, from)
	a.expr(f.AggFilter, lv, from)
	if f.Over != nil {
		a.window(f.Over, lv, from)
	}
	return funcType(name, args)
}

var datePartFuncs = map[string]bool{"dateadd": true, "datediff": true, "datepart": true, "date_part": true, "date_trunc": true}

// isBareWord reports whether n is an unqualified name like `day`.
func isBareWord(n *pg_query.Node) bool {
	cr := n.GetColumnRef()
	return cr != nil && len(cr.Fields) == 1 && cr.Fields[0].GetString_() != nil
}

// window adds the PARTITION BY and ORDER BY columns of an OVER clause,
// following a reference to a named WINDOW.
func (a *analyzer) window(w *pg_query.WindowDef, lv *level, from *[]ColRef) {
	for depth := 0; w != nil && depth < 8; depth++ {
		a.exprs(w.PartitionClause, lv, from)
		a.exprs(w.OrderClause, lv, from)
		ref := w.Refname
		if ref == "" {
			ref = w.Name
		}
		w = lv.namedWindow(ref, w)
	}
}

// namedWindow finds the WINDOW clause entry that self refers to, if any.
func (lv *level) namedWindow(name string, self *pg_query.WindowDef) *pg_query.WindowDef {
	if name == "" {
		return nil
	}
	for _, n := range lv.windows {
		if d := n.GetWindowDef(); d != nil && d.Name == name && d != self {
			return d
		}
	}
	return nil
}

func (a *analyzer) aExpr(e *pg_query.A_Expr, lv *level, from *[]ColRef) string {
	// A_Expr's Rexpr of IN is a List: expr walks it for lineage.
	l := a.expr(e.Lexpr, lv, from)
	r := a.expr(e.Rexpr, lv, from)
	switch e.Kind {
	case pg_query.A_Expr_Kind_AEXPR_OP:
		return opType(opName(e), l, r)
	case pg_query.A_Expr_Kind_AEXPR_NULLIF:
		return l
	}
	return "boolean" // IN, LIKE, BETWEEN, DISTINCT FROM, op ANY/ALL, …
}

func (a *analyzer) subLink(s *pg_query.SubLink, lv *level, from *[]ColRef) string {
	a.expr(s.Testexpr, lv, from)
	r := a.selectRel(s.GetSubselect().GetSelectStmt(), lv)
	first := col{}
	if len(r.cols) > 0 {
		first = r.cols[0]
	}
	switch s.SubLinkType {
	case pg_query.SubLinkType_EXPR_SUBLINK:
		*from = append(*from, first.from...)
		return first.typ
	case pg_query.SubLinkType_ARRAY_SUBLINK:
		*from = append(*from, first.from...)
		return arrayOf(first.typ)
	case pg_query.SubLinkType_EXISTS_SUBLINK:
		return "boolean"
	}
	*from = append(*from, first.from...)
	return "boolean"
}

func (a *analyzer) caseExpr(c *pg_query.CaseExpr, lv *level, from *[]ColRef) string {
	a.expr(c.Arg, lv, from)
	t := typeUnset
	for _, n := range c.Args {
		w := n.GetCaseWhen()
		if w == nil {
			continue
		}
		a.expr(w.Expr, lv, from)
		t = commonType(t, a.expr(w.Result, lv, from))
	}
	if c.Defresult != nil {
		t = commonType(t, a.expr(c.Defresult, lv, from))
	}
	return t
}

// indirection handles `arr[i]`, `arr[i:j]` and `(rec).field`.
func (a *analyzer) indirection(ind *pg_query.A_Indirection, lv *level, from *[]ColRef) string {
	t := a.expr(ind.Arg, lv, from)
	for _, n := range ind.Indirection {
		if ix := n.GetAIndices(); ix != nil {
			a.expr(ix.Lidx, lv, from)
			a.expr(ix.Uidx, lv, from)
			if !ix.IsSlice {
				t = elemType(t)
			}
			continue
		}
		t = "" // a field of a composite
	}
	return t
}

// generic collects the lineage of node types expr does not know (JSON
// constructors, XML functions, …) without typing them.
func (a *analyzer) generic(m protoreflect.Message, lv *level, from *[]ColRef) {
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		if fd.Kind() != protoreflect.MessageKind || fd.IsMap() {
			return true
		}
		if fd.IsList() {
			l := v.List()
			for i := 0; i < l.Len(); i++ {
				a.message(l.Get(i).Message(), lv, from)
			}
			return true
		}
		a.message(v.Message(), lv, from)
		return true
	})
}

func (a *analyzer) message(m protoreflect.Message, lv *level, from *[]ColRef) {
	switch x := m.Interface().(type) {
	case *pg_query.Node:
		a.expr(x, lv, from)
	case *pg_query.SelectStmt:
		a.expr(&pg_query.Node{Node: &pg_query.Node_SelectStmt{SelectStmt: x}}, lv, from)
	case *pg_query.TypeName, *pg_query.RangeVar:
	default:
		a.generic(m, lv, from)
	}
}

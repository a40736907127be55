package sqlparse

import (
	"sort"

	pg_query "github.com/pganalyze/pg_query_go/v5"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// RelRef is a relation a query reads, as written.
type RelRef struct {
	Catalog string // database of a three-part name; almost always ""
	Schema  string // "" when unqualified
	Name    string
	Offset  int // byte offset of the written name in the SQL
	Len     int // byte length of the written name, e.g. 12 for `raw."Events"`
}

// Relations returns every relation the query reads, in source order,
// excluding references to CTEs and Redshift SUPER navigation (`FROM s.t o,
// o.items`). Unquoted names are folded to lower case; quoted names keep
// their case.
func (q *Query) Relations() []RelRef {
	return append([]RelRef(nil), q.rels...)
}

// relWalker finds the RangeVars of a SELECT. It knows the node types a
// SELECT can hold and falls back to protoreflect for the rare others, so a
// node type it forgot can cost speed but never a dependency.
type relWalker struct {
	sql     string
	ctes    []map[string]bool // one scope per WITH clause, innermost last
	aliases [][]string        // range aliases per query level (SUPER trap)
	refs    []RelRef
	rename  func(schema, name string) (string, string) // set by Rewrite
	err     *SyntaxError
}

func (w *relWalker) isCTE(name string) bool {
	for i := len(w.ctes) - 1; i >= 0; i-- {
		if w.ctes[i][name] {
			return true
		}
	}
	return false
}

func (w *relWalker) isAlias(name string) bool {
	for _, level := range w.aliases {
		for _, a := range level {
			if a == name {
				return true
			}
		}
	}
	return false
}

func (w *relWalker) addAlias(name string) {
	if name != "" && len(w.aliases) > 0 {
		top := len(w.aliases) - 1
		w.aliases[top] = append(w.aliases[top], name)
	}
}

func (w *relWalker) sortedRefs() []RelRef {
	sort.SliceStable(w.refs, func(i, j int) bool { return w.refs[i].Offset < w.refs[j].Offset })
	return w.refs
}

func (w *relWalker) selectStmt(s *pg_query.SelectStmt) {
	if s == nil {
		return
	}
	if s.WithClause != nil {
		w.withClause(s.WithClause)
		defer func() { w.ctes = w.ctes[:len(w.ctes)-1] }()
	}
	w.selectStmt(s.Larg)
	w.selectStmt(s.Rarg)
	w.aliases = append(w.aliases, nil)
	defer func() { w.aliases = w.aliases[:len(w.aliases)-1] }()
	for _, n := range s.FromClause {
		w.fromItem(n)
	}
	w.nodes(s.TargetList)
	w.node(s.WhereClause)
	w.nodes(s.GroupClause)
	w.node(s.HavingClause)
	w.nodes(s.WindowClause)
	w.nodes(s.ValuesLists)
	w.nodes(s.SortClause)
	w.node(s.LimitOffset)
	w.node(s.LimitCount)
	w.nodes(s.DistinctClause)
}

// withClause opens a CTE scope; the caller pops it. In a plain WITH, CTE i
// sees CTEs 0..i-1; in WITH RECURSIVE every CTE sees all of them.
func (w *relWalker) withClause(wc *pg_query.WithClause) {
	scope := map[string]bool{}
	w.ctes = append(w.ctes, scope)
	if wc.Recursive {
		for _, n := range wc.Ctes {
			scope[n.GetCommonTableExpr().GetCtename()] = true
		}
	}
	for _, n := range wc.Ctes {
		cte := n.GetCommonTableExpr()
		if cte == nil {
			continue
		}
		if cte.GetCtequery().GetSelectStmt() == nil && w.err == nil {
			w.err = &SyntaxError{Offset: int(cte.Location), Msg: "a model must only read: WITH " + cte.Ctename + " holds a data-modifying statement"}
		}
		w.node(cte.Ctequery)
		scope[cte.Ctename] = true
	}
}

// fromItem walks one FROM item and records the alias it introduces.
func (w *relWalker) fromItem(n *pg_query.Node) {
	switch x := n.GetNode().(type) {
	case *pg_query.Node_RangeVar:
		rv := x.RangeVar
		isCTE := rv.Schemaname == "" && rv.Catalogname == "" && w.isCTE(rv.Relname)
		w.rangeVar(rv)
		if rv.Alias != nil {
			w.addAlias(rv.Alias.Aliasname)
		} else if isCTE {
			w.addAlias(rv.Relname)
		}
	case *pg_query.Node_JoinExpr:
		w.fromItem(x.JoinExpr.Larg)
		w.fromItem(x.JoinExpr.Rarg)
		w.node(x.JoinExpr.Quals)
		w.addAlias(x.JoinExpr.GetAlias().GetAliasname())
	case *pg_query.Node_RangeSubselect:
		w.node(x.RangeSubselect.Subquery)
		w.addAlias(x.RangeSubselect.GetAlias().GetAliasname())
	case *pg_query.Node_RangeFunction:
		w.nodes(x.RangeFunction.Functions)
		w.addAlias(x.RangeFunction.GetAlias().GetAliasname())
	case *pg_query.Node_RangeTableSample:
		w.fromItem(x.RangeTableSample.Relation)
		w.nodes(x.RangeTableSample.Args)
		w.node(x.RangeTableSample.Repeatable)
	default:
		w.node(n)
		if rtf := n.GetRangeTableFunc(); rtf != nil {
			w.addAlias(rtf.GetAlias().GetAliasname())
		}
	}
}

// rangeVar records rv unless it names a CTE in scope (only an unqualified
// name can) or is SUPER navigation through a range alias.
func (w *relWalker) rangeVar(rv *pg_query.RangeVar) {
	if rv.Schemaname == "" && rv.Catalogname == "" && w.isCTE(rv.Relname) {
		return
	}
	if rv.Schemaname != "" && rv.Catalogname == "" && w.isAlias(rv.Schemaname) {
		return
	}
	parts := 1
	if rv.Schemaname != "" {
		parts++
	}
	if rv.Catalogname != "" {
		parts++
	}
	off := int(rv.Location)
	w.refs = append(w.refs, RelRef{Catalog: rv.Catalogname, Schema: rv.Schemaname, Name: rv.Relname, Offset: off, Len: nameLen(w.sql, off, parts)})
	if w.rename != nil {
		rv.Schemaname, rv.Relname = w.rename(rv.Schemaname, rv.Relname)
	}
}

func (w *relWalker) nodes(ns []*pg_query.Node) {
	for _, n := range ns {
		w.node(n)
	}
}

// node walks an expression or clause. Leaves that cannot hold a relation
// return at once; the common containers are walked by type; anything else
// goes through protoreflect.
func (w *relWalker) node(n *pg_query.Node) {
	if n == nil || n.Node == nil {
		return
	}
	switch x := n.Node.(type) {
	case *pg_query.Node_ColumnRef, *pg_query.Node_AConst, *pg_query.Node_ParamRef,
		*pg_query.Node_String_, *pg_query.Node_Integer, *pg_query.Node_Float,
		*pg_query.Node_Boolean, *pg_query.Node_AStar, *pg_query.Node_SqlvalueFunction,
		*pg_query.Node_BitString, *pg_query.Node_TypeName:
		return
	case *pg_query.Node_SelectStmt:
		w.selectStmt(x.SelectStmt)
	case *pg_query.Node_RangeVar, *pg_query.Node_JoinExpr, *pg_query.Node_RangeSubselect,
		*pg_query.Node_RangeFunction, *pg_query.Node_RangeTableSample:
		w.fromItem(n)
	case *pg_query.Node_List:
		w.nodes(x.List.Items)
	case *pg_query.Node_ResTarget:
		w.node(x.ResTarget.Val)
		w.nodes(x.ResTarget.Indirection)
	case *pg_query.Node_AExpr:
		w.node(x.AExpr.Lexpr)
		w.node(x.AExpr.Rexpr)
	case *pg_query.Node_BoolExpr:
		w.nodes(x.BoolExpr.Args)
	case *pg_query.Node_FuncCall:
		w.funcCall(x.FuncCall)
	case *pg_query.Node_SubLink:
		w.node(x.SubLink.Testexpr)
		w.node(x.SubLink.Subselect)
	case *pg_query.Node_TypeCast:
		w.node(x.TypeCast.Arg)
	case *pg_query.Node_CaseExpr:
		w.node(x.CaseExpr.Arg)
		w.nodes(x.CaseExpr.Args)
		w.node(x.CaseExpr.Defresult)
	case *pg_query.Node_CaseWhen:
		w.node(x.CaseWhen.Expr)
		w.node(x.CaseWhen.Result)
	default:
		w.node2(n)
	}
}

// node2 continues node's switch (kept apart to keep functions short).
func (w *relWalker) node2(n *pg_query.Node) {
	switch x := n.Node.(type) {
	case *pg_query.Node_CoalesceExpr:
		w.nodes(x.CoalesceExpr.Args)
	case *pg_query.Node_MinMaxExpr:
		w.nodes(x.MinMaxExpr.Args)
	case *pg_query.Node_NullTest:
		w.node(x.NullTest.Arg)
	case *pg_query.Node_BooleanTest:
		w.node(x.BooleanTest.Arg)
	case *pg_query.Node_SortBy:
		w.node(x.SortBy.Node)
	case *pg_query.Node_WindowDef:
		w.windowDef(x.WindowDef)
	case *pg_query.Node_AIndirection:
		w.node(x.AIndirection.Arg)
		w.nodes(x.AIndirection.Indirection)
	case *pg_query.Node_AIndices:
		w.node(x.AIndices.Lidx)
		w.node(x.AIndices.Uidx)
	case *pg_query.Node_AArrayExpr:
		w.nodes(x.AArrayExpr.Elements)
	case *pg_query.Node_RowExpr:
		w.nodes(x.RowExpr.Args)
	case *pg_query.Node_CollateClause:
		w.node(x.CollateClause.Arg)
	case *pg_query.Node_GroupingSet:
		w.nodes(x.GroupingSet.Content)
	case *pg_query.Node_GroupingFunc:
		w.nodes(x.GroupingFunc.Args)
	default:
		w.generic(n.ProtoReflect())
	}
}

func (w *relWalker) funcCall(f *pg_query.FuncCall) {
	w.nodes(f.Args)
	w.nodes(f.AggOrder)
	w.node(f.AggFilter)
	w.windowDef(f.Over)
}

func (w *relWalker) windowDef(d *pg_query.WindowDef) {
	if d == nil {
		return
	}
	w.nodes(d.PartitionClause)
	w.nodes(d.OrderClause)
	w.node(d.StartOffset)
	w.node(d.EndOffset)
}

// generic walks the message fields of m, handing Nodes back to node.
func (w *relWalker) generic(m protoreflect.Message) {
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		if fd.Kind() != protoreflect.MessageKind || fd.IsMap() {
			return true
		}
		if fd.IsList() {
			l := v.List()
			for i := 0; i < l.Len(); i++ {
				w.message(l.Get(i).Message())
			}
			return true
		}
		w.message(v.Message())
		return true
	})
}

func (w *relWalker) message(m protoreflect.Message) {
	switch x := m.Interface().(type) {
	case *pg_query.Node:
		w.node(x)
	case *pg_query.SelectStmt:
		w.selectStmt(x)
	case *pg_query.RangeVar:
		w.rangeVar(x)
	case *pg_query.WithClause:
		// Only statements hold a WITH, and selectStmt handles those.
	default:
		w.generic(m)
	}
}

package sqlparse

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// A function the key analysis does not know might be an aggregate (one row
// instead of many) or return a set (many rows instead of one): either
// breaks every inference, so it sets kflags.unknown. These lists are the
// functions known not to.

var aggFuncs = setOf(`count sum avg min max array_agg string_agg listagg bool_and bool_or every
	json_agg jsonb_agg json_object_agg jsonb_object_agg stddev stddev_pop stddev_samp variance
	var_pop var_samp corr covar_pop covar_samp percentile_cont percentile_disc mode any_value
	bit_and bit_or median approximate_count_distinct approx_count_distinct count_if xmlagg`)

// windowFuncs return one value per row and exist only with OVER.
var windowFuncs = setOf(`row_number rank dense_rank ntile percent_rank cume_dist lag lead
	first_value last_value nth_value`)

var scalarFuncs = setOf(`lower upper btrim ltrim rtrim trim concat concat_ws substr substring
	replace left right initcap lpad rpad to_char split_part regexp_replace regexp_substr regexp_match
	regexp_like format repeat reverse translate chr ascii md5 sha256 encode decode quote_ident
	quote_literal overlay length char_length character_length octet_length strpos position len
	charindex starts_with abs ceil ceiling floor round trunc sqrt cbrt power pow exp ln log log10 mod
	sign div random pi degrees radians sin cos tan width_bucket now current_timestamp
	transaction_timestamp statement_timestamp clock_timestamp getdate sysdate date_trunc date_part
	extract to_date to_timestamp to_number age make_date make_time make_timestamp make_timestamptz
	make_interval dateadd datediff date_add date_diff date_sub last_day add_months months_between
	timezone isfinite justify_days justify_hours justify_interval coalesce nvl nvl2 ifnull nullif
	greatest least decode json_build_object jsonb_build_object json_build_array jsonb_build_array
	to_json to_jsonb json_extract_path json_extract_path_text jsonb_extract_path
	jsonb_extract_path_text json_typeof jsonb_typeof jsonb_set jsonb_insert jsonb_strip_nulls
	jsonb_pretty json_array_length jsonb_array_length row_to_json array_length array_upper
	array_lower cardinality array_to_string string_to_array array_append array_prepend array_cat
	array_position array_positions array_remove array_replace gen_random_uuid uuid_generate_v4
	hashtext num_nonnulls num_nulls bool int2 int4 int8 float4 float8 text date numeric`)

func setOf(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// flags walks an expression of this level for aggregates and unknown
// functions. Subqueries are their own levels, except for aggregates over
// this level's columns (see outerAgg).
func (a *kan) flags(n *pg_query.Node, lv *klevel, fl *kflags) {
	if n == nil || n.Node == nil {
		return
	}
	switch x := n.Node.(type) {
	case *pg_query.Node_ColumnRef, *pg_query.Node_AConst, *pg_query.Node_ParamRef, *pg_query.Node_SqlvalueFunction:
	case *pg_query.Node_FuncCall:
		a.funcFlags(x.FuncCall, lv, fl)
	case *pg_query.Node_SubLink:
		a.flags(x.SubLink.Testexpr, lv, fl)
		if sel := x.SubLink.GetSubselect().GetSelectStmt(); sel != nil && a.outerAgg(sel) {
			fl.unknown = true
		}
	case *pg_query.Node_GroupingFunc:
		fl.agg = true
	case *pg_query.Node_TypeCast:
		a.flags(x.TypeCast.Arg, lv, fl)
	case *pg_query.Node_CollateClause:
		a.flags(x.CollateClause.Arg, lv, fl)
	case *pg_query.Node_AExpr:
		a.flags(x.AExpr.Lexpr, lv, fl)
		a.flags(x.AExpr.Rexpr, lv, fl)
	case *pg_query.Node_NullTest:
		a.flags(x.NullTest.Arg, lv, fl)
	case *pg_query.Node_BooleanTest:
		a.flags(x.BooleanTest.Arg, lv, fl)
	default:
		a.flags2(n, lv, fl)
	}
}

// flags2 continues flags' switch with the nodes that hold lists.
func (a *kan) flags2(n *pg_query.Node, lv *klevel, fl *kflags) {
	var kids []*pg_query.Node
	switch x := n.Node.(type) {
	case *pg_query.Node_BoolExpr:
		kids = x.BoolExpr.Args
	case *pg_query.Node_CoalesceExpr:
		kids = x.CoalesceExpr.Args
	case *pg_query.Node_MinMaxExpr:
		kids = x.MinMaxExpr.Args
	case *pg_query.Node_List:
		kids = x.List.Items
	case *pg_query.Node_RowExpr:
		kids = x.RowExpr.Args
	case *pg_query.Node_AArrayExpr:
		kids = x.AArrayExpr.Elements
	case *pg_query.Node_AIndirection:
		kids = []*pg_query.Node{x.AIndirection.Arg}
		for _, ind := range x.AIndirection.Indirection {
			if ix := ind.GetAIndices(); ix != nil {
				kids = append(kids, ix.Lidx, ix.Uidx)
			}
		}
	case *pg_query.Node_CaseExpr:
		kids = []*pg_query.Node{x.CaseExpr.Arg, x.CaseExpr.Defresult}
		for _, w := range x.CaseExpr.Args {
			kids = append(kids, w.GetCaseWhen().GetExpr(), w.GetCaseWhen().GetResult())
		}
	default: // JSON/XML constructors and aggregates, anything newer
		fl.unknown = true
	}
	for _, k := range kids {
		a.flags(k, lv, fl)
	}
}

// funcFlags classifies a call. A window call returns one value per row
// whatever its name; its arguments may still hold aggregates.
func (a *kan) funcFlags(f *pg_query.FuncCall, lv *klevel, fl *kflags) {
	name := funcName(f)
	switch {
	case f.Over != nil:
	case f.AggStar || f.AggDistinct || len(f.AggOrder) > 0 || f.AggFilter != nil || f.AggWithinGroup || aggFuncs[name]:
		fl.agg = true
	case !scalarFuncs[name] || windowFuncs[name]:
		fl.unknown = true
	}
	for _, arg := range f.Args {
		a.flags(arg, lv, fl)
	}
	a.flags(f.AggFilter, lv, fl)
}

// outerAgg reports whether a subquery may hold an aggregate of the
// enclosing level: SQL gives an aggregate to the level of the columns its
// arguments read, so `(SELECT max(t.x) FROM u)` aggregates t's rows. An
// aggregate is the subquery's own when every column its arguments read is
// one of the subquery's FROM items'; anything else counts as outer.
func (a *kan) outerAgg(sel *pg_query.SelectStmt) bool {
	var refs []*pg_query.ColumnRef
	nested := false
	walkSelect(sel, func(n *pg_query.Node) bool {
		f := n.GetFuncCall()
		if f == nil || f.Over != nil || !(aggFuncs[funcName(f)] || f.AggDistinct || f.AggFilter != nil) {
			return true
		}
		for _, arg := range f.Args {
			walkExpr(arg, func(m *pg_query.Node) bool {
				if cr := m.GetColumnRef(); cr != nil {
					refs = append(refs, cr)
				}
				nested = nested || m.GetSubLink() != nil
				return true
			})
		}
		return false
	})
	if len(refs) == 0 {
		return false
	}
	if nested || sel.Op != pg_query.SetOperation_SETOP_NONE || sel.WithClause != nil {
		return true
	}
	tmp := &klevel{}
	for _, n := range sel.FromClause {
		tmp.entries = append(tmp.entries, a.fromItem(n, tmp))
	}
	for _, cr := range refs {
		if !tmp.owns(cr) {
			return true
		}
	}
	return false
}

// walkSelect walks the expressions of a SELECT (and of its set operation
// branches) where an aggregate may stand.
func walkSelect(s *pg_query.SelectStmt, f func(*pg_query.Node) bool) {
	if s == nil {
		return
	}
	for _, t := range s.TargetList {
		walkExpr(t.GetResTarget().GetVal(), f)
	}
	walkExpr(s.WhereClause, f)
	walkExpr(s.HavingClause, f)
	walkSelect(s.Larg, f)
	walkSelect(s.Rarg, f)
}

// walkExpr calls f on n and, while f returns true, on its subexpressions,
// subqueries included. Common nodes are walked directly; others through
// protobuf reflection, which is slower.
func walkExpr(n *pg_query.Node, f func(*pg_query.Node) bool) {
	if n == nil || n.Node == nil || !f(n) {
		return
	}
	if sl := n.GetSubLink(); sl != nil {
		walkExpr(sl.Testexpr, f)
		walkSelect(sl.GetSubselect().GetSelectStmt(), f)
		return
	}
	kids, ok := exprKids(n)
	if !ok {
		visitNodes(n.ProtoReflect(), func(m *pg_query.Node) {
			if m != n {
				walkExpr(m, f)
			}
		})
		return
	}
	for _, k := range kids {
		walkExpr(k, f)
	}
}

// exprKids lists the subexpressions of common nodes; ok is false for
// others.
func exprKids(n *pg_query.Node) (kids []*pg_query.Node, ok bool) {
	switch x := n.Node.(type) {
	case *pg_query.Node_ColumnRef, *pg_query.Node_AConst, *pg_query.Node_ParamRef, *pg_query.Node_SqlvalueFunction:
		return nil, true
	case *pg_query.Node_FuncCall:
		return append(append([]*pg_query.Node{x.FuncCall.AggFilter}, x.FuncCall.Args...), x.FuncCall.AggOrder...), true
	case *pg_query.Node_SortBy:
		return []*pg_query.Node{x.SortBy.Node}, true
	case *pg_query.Node_AExpr:
		return []*pg_query.Node{x.AExpr.Lexpr, x.AExpr.Rexpr}, true
	case *pg_query.Node_TypeCast:
		return []*pg_query.Node{x.TypeCast.Arg}, true
	case *pg_query.Node_NullTest:
		return []*pg_query.Node{x.NullTest.Arg}, true
	case *pg_query.Node_BoolExpr:
		return x.BoolExpr.Args, true
	case *pg_query.Node_CoalesceExpr:
		return x.CoalesceExpr.Args, true
	case *pg_query.Node_List:
		return x.List.Items, true
	case *pg_query.Node_CaseExpr:
		kids = []*pg_query.Node{x.CaseExpr.Arg, x.CaseExpr.Defresult}
		for _, w := range x.CaseExpr.Args {
			kids = append(kids, w.GetCaseWhen().GetExpr(), w.GetCaseWhen().GetResult())
		}
		return kids, true
	}
	return nil, false
}

// owns reports whether a column reference is surely to one of lv's own
// FROM items (not to an enclosing level).
func (lv *klevel) owns(cr *pg_query.ColumnRef) bool {
	names := fieldNames(cr)
	switch {
	case isStar(cr) && len(names) == 0:
		return len(lv.entries) > 0
	case len(names) > 1:
		return lv.findItem(names[:len(names)-1]) != nil || len(names) == 2 && lv.findItem(names[:1]) != nil
	case len(names) == 1:
		for _, e := range lv.entries {
			if countNamed(e.cols, names[0]) > 0 {
				return true
			}
		}
	}
	return false
}

// visitNodes calls f on every Node under m, subqueries included, for the
// node types exprKids does not know.
func visitNodes(m protoreflect.Message, f func(*pg_query.Node)) {
	if n, ok := m.Interface().(*pg_query.Node); ok {
		f(n)
	}
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		if fd.Kind() != protoreflect.MessageKind {
			return true
		}
		if fd.IsList() {
			l := v.List()
			for i := 0; i < l.Len(); i++ {
				visitNodes(l.Get(i).Message(), f)
			}
			return true
		}
		visitNodes(v.Message(), f)
		return true
	})
}

// notNull reports whether an expression can never be NULL.
func (a *kan) notNull(n *pg_query.Node, lv *klevel) bool {
	switch x := n.GetNode().(type) {
	case *pg_query.Node_ColumnRef:
		id := a.colID(x.ColumnRef, lv)
		return id >= 0 && a.nn[id]
	case *pg_query.Node_AConst:
		return !x.AConst.Isnull
	case *pg_query.Node_TypeCast:
		return a.notNull(x.TypeCast.Arg, lv)
	case *pg_query.Node_CoalesceExpr:
		return a.anyNotNull(x.CoalesceExpr.Args, lv)
	case *pg_query.Node_SqlvalueFunction:
		return true
	case *pg_query.Node_SubLink:
		return x.SubLink.SubLinkType == pg_query.SubLinkType_EXISTS_SUBLINK
	case *pg_query.Node_FuncCall:
		switch funcName(x.FuncCall) {
		case "count", "row_number", "rank", "dense_rank", "ntile", "percent_rank", "cume_dist":
			return true
		case "nvl", "ifnull":
			return a.anyNotNull(x.FuncCall.Args, lv)
		}
	case *pg_query.Node_AExpr:
		e := x.AExpr
		return e.Kind == pg_query.A_Expr_Kind_AEXPR_OP && arithOps[opName(e)] &&
			(e.Lexpr == nil || a.notNull(e.Lexpr, lv)) && a.notNull(e.Rexpr, lv)
	case *pg_query.Node_CaseExpr:
		if x.CaseExpr.Defresult == nil || !a.notNull(x.CaseExpr.Defresult, lv) {
			return false
		}
		for _, w := range x.CaseExpr.Args {
			if !a.notNull(w.GetCaseWhen().GetResult(), lv) {
				return false
			}
		}
		return true
	}
	return false
}

// arithOps give a non-NULL result for non-NULL operands.
var arithOps = map[string]bool{"+": true, "-": true, "*": true, "/": true, "||": true}

func (a *kan) anyNotNull(ns []*pg_query.Node, lv *klevel) bool {
	for _, n := range ns {
		if a.notNull(n, lv) {
			return true
		}
	}
	return false
}

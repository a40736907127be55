package sqlparse

import (
	"fmt"

	pg_query "github.com/pganalyze/pg_query_go/v5"
)

// figureName names an unaliased output column as PostgreSQL's
// FigureColname does. strength 2 is a sure name (a column, a function), 1 a
// weak one (CASE, a type), 0 the fallback "?column?"; a cast of a weakly
// named expression takes its type's name, so `1::bigint` is "int8" and
// `x::bigint` is "x".
func figureName(n *pg_query.Node) (string, int) {
	switch x := n.GetNode().(type) {
	case *pg_query.Node_ColumnRef:
		if names := fieldNames(x.ColumnRef); len(names) > 0 {
			return names[len(names)-1], 2
		}
	case *pg_query.Node_AIndirection:
		for i := len(x.AIndirection.Indirection) - 1; i >= 0; i-- {
			if s := x.AIndirection.Indirection[i].GetString_(); s != nil {
				return s.Sval, 2
			}
		}
		return figureName(x.AIndirection.Arg)
	case *pg_query.Node_FuncCall:
		return funcName(x.FuncCall), 2
	case *pg_query.Node_AExpr:
		if x.AExpr.Kind == pg_query.A_Expr_Kind_AEXPR_NULLIF {
			return "nullif", 2
		}
	case *pg_query.Node_TypeCast:
		name, strength := figureName(x.TypeCast.Arg)
		if strength <= 1 {
			if names := stringList(x.TypeCast.GetTypeName().GetNames()); len(names) > 0 {
				return names[len(names)-1], 1
			}
		}
		return name, strength
	case *pg_query.Node_CollateClause:
		return figureName(x.CollateClause.Arg)
	case *pg_query.Node_SubLink:
		return subLinkName(x.SubLink)
	case *pg_query.Node_CaseExpr:
		return "case", 1
	}
	return figureName2(n)
}

// figureName2 continues figureName's switch.
func figureName2(n *pg_query.Node) (string, int) {
	switch x := n.GetNode().(type) {
	case *pg_query.Node_AArrayExpr:
		return "array", 2
	case *pg_query.Node_RowExpr:
		return "row", 2
	case *pg_query.Node_CoalesceExpr:
		return "coalesce", 2
	case *pg_query.Node_MinMaxExpr:
		if x.MinMaxExpr.Op == pg_query.MinMaxOp_IS_LEAST {
			return "least", 2
		}
		return "greatest", 2
	case *pg_query.Node_GroupingFunc:
		return "grouping", 2
	case *pg_query.Node_SqlvalueFunction:
		return svfName(x.SqlvalueFunction.Op), 2
	case *pg_query.Node_XmlSerialize:
		return "xmlserialize", 2
	case *pg_query.Node_JsonObjectConstructor:
		return "json_object", 2
	case *pg_query.Node_JsonArrayConstructor, *pg_query.Node_JsonArrayQueryConstructor:
		return "json_array", 2
	case *pg_query.Node_JsonObjectAgg:
		return "json_objectagg", 2
	case *pg_query.Node_JsonArrayAgg:
		return "json_arrayagg", 2
	}
	return "?column?", 0
}

// subLinkName: EXISTS and ARRAY name themselves; a scalar subquery takes
// the name of its (first) output column.
func subLinkName(s *pg_query.SubLink) (string, int) {
	switch s.SubLinkType {
	case pg_query.SubLinkType_EXISTS_SUBLINK:
		return "exists", 2
	case pg_query.SubLinkType_ARRAY_SUBLINK:
		return "array", 2
	case pg_query.SubLinkType_EXPR_SUBLINK:
		sel := s.GetSubselect().GetSelectStmt()
		for sel != nil && sel.Larg != nil {
			sel = sel.Larg
		}
		if sel != nil && len(sel.TargetList) > 0 {
			if rt := sel.TargetList[0].GetResTarget(); rt != nil {
				if rt.Name != "" {
					return rt.Name, 2
				}
				name, _ := figureName(rt.Val)
				return name, 2
			}
		}
	}
	return "?column?", 0
}

// funcName is the last part of a function's name (`pg_catalog.btrim` →
// "btrim", which is what PostgreSQL shows for TRIM()).
func funcName(f *pg_query.FuncCall) string {
	names := stringList(f.Funcname)
	if len(names) == 0 {
		return "?column?"
	}
	return names[len(names)-1]
}

// opName is the last part of an operator's name.
func opName(e *pg_query.A_Expr) string {
	names := stringList(e.Name)
	if len(names) == 0 {
		return ""
	}
	return names[len(names)-1]
}

var svfNames = map[pg_query.SQLValueFunctionOp]string{
	pg_query.SQLValueFunctionOp_SVFOP_CURRENT_DATE:        "current_date",
	pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIME:        "current_time",
	pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIME_N:      "current_time",
	pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP:   "current_timestamp",
	pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP_N: "current_timestamp",
	pg_query.SQLValueFunctionOp_SVFOP_LOCALTIME:           "localtime",
	pg_query.SQLValueFunctionOp_SVFOP_LOCALTIME_N:         "localtime",
	pg_query.SQLValueFunctionOp_SVFOP_LOCALTIMESTAMP:      "localtimestamp",
	pg_query.SQLValueFunctionOp_SVFOP_LOCALTIMESTAMP_N:    "localtimestamp",
	pg_query.SQLValueFunctionOp_SVFOP_CURRENT_ROLE:        "current_role",
	pg_query.SQLValueFunctionOp_SVFOP_CURRENT_USER:        "current_user",
	pg_query.SQLValueFunctionOp_SVFOP_USER:                "user",
	pg_query.SQLValueFunctionOp_SVFOP_SESSION_USER:        "session_user",
	pg_query.SQLValueFunctionOp_SVFOP_CURRENT_CATALOG:     "current_catalog",
	pg_query.SQLValueFunctionOp_SVFOP_CURRENT_SCHEMA:      "current_schema",
}

func svfName(op pg_query.SQLValueFunctionOp) string {
	if s, ok := svfNames[op]; ok {
		return s
	}
	return "?column?"
}

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }

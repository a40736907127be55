package sqlparse

import (
	"strconv"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"
)

// Types are PostgreSQL names in one spelling per type: the short forms
// users write (bigint, integer, smallint, numeric, real, double precision,
// boolean, text, varchar, char, date, timestamp, timestamptz, time, timetz,
// interval, json, jsonb, uuid, bytea, …), arrays as "elem[]". The length or
// precision of numeric, varchar, char, bit and varbit is kept (numeric(14,2),
// varchar(20)): it is part of the column's contract and CREATE TABLE AS
// keeps it. Other modifiers (timestamp(3), interval fields) are dropped.

const (
	typeUnset   = "\x00unset" // start of a fold over several branches
	typeUnknown = "unknown"   // a string literal or NULL: takes its type from context
)

var typeAliases = map[string]string{
	"int8": "bigint", "bigint": "bigint", "int4": "integer", "int": "integer", "integer": "integer",
	"int2": "smallint", "smallint": "smallint", "float8": "double precision", "double precision": "double precision",
	"float": "double precision", "float4": "real", "real": "real", "numeric": "numeric", "decimal": "numeric",
	"bool": "boolean", "boolean": "boolean", "varchar": "varchar", "character varying": "varchar",
	"bpchar": "char", "char": "char", "character": "char", "timestamptz": "timestamptz",
	"timestamp with time zone": "timestamptz", "timestamp": "timestamp", "timestamp without time zone": "timestamp",
	"timetz": "timetz", "time with time zone": "timetz", "time": "time", "time without time zone": "time",
	"varbit": "varbit", "bit varying": "varbit",
}

var keepsModifiers = map[string]bool{"numeric": true, "varchar": true, "char": true, "bit": true, "varbit": true}

// normType normalises a type as a catalog spells it ("INT8",
// "character varying(20)", "_int4", "numeric(14, 2)").
func normType(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	arr := false
	for strings.HasSuffix(s, "[]") {
		s, arr = strings.TrimSpace(s[:len(s)-2]), true
	}
	if strings.HasPrefix(s, "_") && len(s) > 1 {
		s, arr = s[1:], true
	}
	mods := ""
	if i := strings.IndexByte(s, '('); i >= 0 {
		if j := strings.IndexByte(s[i:], ')'); j >= 0 {
			mods = strings.ReplaceAll(s[i:i+j+1], " ", "")
			s = s[:i] + s[i+j+1:]
		}
	}
	return spell(strings.Join(strings.Fields(s), " "), mods, arr)
}

func spell(base, mods string, arr bool) string {
	if a, ok := typeAliases[base]; ok {
		base = a
	}
	if keepsModifiers[base] {
		base += mods
	}
	if arr {
		base += "[]"
	}
	return base
}

// typeName normalises a parsed type (`::numeric(14,2)`, `AS x(a int)`).
func typeName(tn *pg_query.TypeName) string {
	names := stringList(tn.GetNames())
	if len(names) == 0 {
		return ""
	}
	var mods []string
	for _, m := range tn.GetTypmods() {
		if c := m.GetAConst(); c != nil && c.GetIval() != nil {
			mods = append(mods, strconv.Itoa(int(c.GetIval().Ival)))
		}
	}
	m := ""
	if len(mods) > 0 {
		m = "(" + strings.Join(mods, ",") + ")"
	}
	return spell(names[len(names)-1], m, len(tn.GetArrayBounds()) > 0)
}

// finalType turns the analysis markers into output types: a lone literal or
// NULL is text, as in CREATE TABLE AS.
func finalType(t string) string {
	switch t {
	case typeUnset:
		return ""
	case typeUnknown:
		return "text"
	}
	return t
}

func constType(c *pg_query.A_Const) string {
	switch v := c.GetVal().(type) {
	case *pg_query.A_Const_Ival:
		return "integer"
	case *pg_query.A_Const_Fval:
		if _, err := strconv.ParseInt(v.Fval.GetFval(), 10, 64); err == nil {
			return "bigint"
		}
		return "numeric"
	case *pg_query.A_Const_Boolval:
		return "boolean"
	case *pg_query.A_Const_Bsval:
		return "bit"
	}
	return typeUnknown // strings and NULL
}

var numericRank = map[string]int{"smallint": 1, "integer": 2, "bigint": 3, "numeric": 4, "real": 5, "double precision": 6}

func baseName(t string) string {
	if i := strings.IndexByte(t, '('); i >= 0 {
		return t[:i]
	}
	return t
}

func isNumeric(t string) bool { return numericRank[baseName(t)] > 0 }

func isString(t string) bool {
	b := baseName(t)
	return b == "text" || b == "varchar" || b == "char"
}

// commonType resolves two branch types the way UNION, CASE and COALESCE do,
// in a simplified form of PostgreSQL's select_common_type: literals adopt
// the other side, numbers widen, strings become text, dates and times
// widen to timestamps; anything else is unknown.
func commonType(a, b string) string {
	switch {
	case a == typeUnset:
		return b
	case b == typeUnset:
		return a
	case a == "" || b == "":
		return ""
	case a == typeUnknown:
		return b
	case b == typeUnknown || a == b:
		return a
	case isNumeric(a) && isNumeric(b):
		return widerNumber(a, b)
	case isString(a) && isString(b):
		return "text"
	}
	return widerTime(a, b)
}

func widerNumber(a, b string) string {
	ra, rb := numericRank[baseName(a)], numericRank[baseName(b)]
	switch {
	case ra >= 5 || rb >= 5:
		if ra == 5 && rb == 5 {
			return "real"
		}
		return "double precision"
	case ra == 4 || rb == 4:
		return "numeric"
	case ra > rb:
		return a
	}
	return b
}

var timeRank = map[string]int{"date": 1, "timestamp": 2, "timestamptz": 3}

func widerTime(a, b string) string {
	ra, rb := timeRank[a], timeRank[b]
	switch {
	case ra == 0 || rb == 0:
		return ""
	case ra > rb:
		return a
	}
	return b
}

func arrayOf(t string) string {
	switch t {
	case "", typeUnset:
		return ""
	case typeUnknown:
		return "text[]"
	}
	return t + "[]"
}

// elemType is the type of a subscripted value: an array's element, or jsonb.
func elemType(t string) string {
	if strings.HasSuffix(t, "[]") {
		return strings.TrimSuffix(t, "[]")
	}
	if t == "jsonb" {
		return t
	}
	return ""
}

var svfTypes = map[pg_query.SQLValueFunctionOp]string{
	pg_query.SQLValueFunctionOp_SVFOP_CURRENT_DATE:        "date",
	pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIME:        "timetz",
	pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIME_N:      "timetz",
	pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP:   "timestamptz",
	pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP_N: "timestamptz",
	pg_query.SQLValueFunctionOp_SVFOP_LOCALTIME:           "time",
	pg_query.SQLValueFunctionOp_SVFOP_LOCALTIME_N:         "time",
	pg_query.SQLValueFunctionOp_SVFOP_LOCALTIMESTAMP:      "timestamp",
	pg_query.SQLValueFunctionOp_SVFOP_LOCALTIMESTAMP_N:    "timestamp",
}

// svfType: CURRENT_DATE and friends; the user and schema ones are "name".
func svfType(op pg_query.SQLValueFunctionOp) string {
	if t, ok := svfTypes[op]; ok {
		return t
	}
	return "name"
}

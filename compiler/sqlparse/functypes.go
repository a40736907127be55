package sqlparse

import "strings"

// Result types of the functions and operators models commonly use. The
// table is deliberately small: a function it does not know has type "",
// which is honest, rather than a guess.

var fixedFuncTypes = map[string]string{
	"count": "bigint", "row_number": "bigint", "rank": "bigint", "dense_rank": "bigint", "ntile": "integer",
	"percent_rank": "double precision", "cume_dist": "double precision", "random": "double precision",
	"date_part": "double precision", "extract": "numeric", "to_number": "numeric",
	"now": "timestamptz", "transaction_timestamp": "timestamptz", "statement_timestamp": "timestamptz",
	"clock_timestamp": "timestamptz", "to_timestamp": "timestamptz", "getdate": "timestamp", "sysdate": "timestamp",
	"dateadd": "timestamp", "datediff": "bigint", "to_date": "date",
	"bool_and": "boolean", "bool_or": "boolean", "every": "boolean",
	"length": "integer", "char_length": "integer", "character_length": "integer", "octet_length": "integer",
	"strpos": "integer", "position": "integer", "len": "integer", "charindex": "integer",
	"json_agg": "json", "json_build_object": "json", "json_build_array": "json", "to_json": "json", "json_object_agg": "json",
	"jsonb_agg": "jsonb", "jsonb_build_object": "jsonb", "jsonb_build_array": "jsonb", "to_jsonb": "jsonb", "jsonb_object_agg": "jsonb",
	"gen_random_uuid": "uuid", "md5": "text", "age": "interval", "make_date": "date", "make_interval": "interval",
}

var textFuncs = strings.Fields(`string_agg listagg lower upper btrim ltrim rtrim trim concat concat_ws
	substr substring replace left right initcap lpad rpad to_char split_part regexp_replace regexp_substr
	format repeat reverse translate chr json_extract_path_text jsonb_extract_path_text quote_ident
	quote_literal encode overlay`)

// sameAsFirst are functions whose result has the type of their first
// argument (or the common type of all arguments for coalesce-like ones).
var sameAsFirst = map[string]bool{
	"min": true, "max": true, "any_value": true, "first_value": true, "last_value": true, "lag": true,
	"lead": true, "nth_value": true, "abs": true, "ceil": true, "ceiling": true, "floor": true,
	"trunc": true, "round": true, "mode": true,
}

var commonArgs = map[string]bool{"coalesce": true, "nvl": true, "ifnull": true, "greatest": true, "least": true, "nullif": true}

// funcType returns the result type of a call to name with argument types
// args, following PostgreSQL's catalogue for the aggregates.
func funcType(name string, args []string) string {
	if t, ok := fixedFuncTypes[name]; ok {
		return t
	}
	for _, f := range textFuncs {
		if f == name {
			return "text"
		}
	}
	first := ""
	if len(args) > 0 {
		first = args[0]
	}
	switch {
	case sameAsFirst[name]:
		if (name == "round" || name == "trunc") && len(args) == 2 {
			return "numeric"
		}
		return finalLiteral(first)
	case commonArgs[name]:
		t := typeUnset
		for _, a := range args {
			t = commonType(t, a)
		}
		return finalType(t)
	case name == "sum":
		return sumType(baseName(first))
	case name == "avg" || strings.HasPrefix(name, "stddev") || strings.HasPrefix(name, "var"):
		return avgType(baseName(first))
	case name == "array_agg":
		return arrayOf(first)
	case name == "date_trunc" && len(args) == 2:
		return dateTruncType(args[1])
	case name == "unnest":
		return elemType(first)
	case name == "generate_series":
		return finalLiteral(commonType(typeUnset, first))
	}
	return ""
}

// finalLiteral keeps a literal's marker from leaking into a function type.
func finalLiteral(t string) string {
	if t == typeUnknown {
		return "text"
	}
	return t
}

func sumType(t string) string {
	switch t {
	case "smallint", "integer":
		return "bigint"
	case "bigint", "numeric":
		return "numeric"
	case "real", "double precision", "interval", "money":
		return t
	}
	return ""
}

func avgType(t string) string {
	switch t {
	case "smallint", "integer", "bigint", "numeric":
		return "numeric"
	case "real", "double precision":
		return "double precision"
	case "interval":
		return t
	}
	return ""
}

func dateTruncType(t string) string {
	switch t {
	case "timestamp", "timestamptz", "interval":
		return t
	case "date":
		return "timestamptz"
	}
	return ""
}

var boolOps = map[string]bool{
	"=": true, "<>": true, "!=": true, "<": true, ">": true, "<=": true, ">=": true, "~": true, "!~": true,
	"~*": true, "!~*": true, "~~": true, "!~~": true, "~~*": true, "!~~*": true, "@>": true, "<@": true,
	"&&": true, "?": true, "?|": true, "?&": true, "@@": true,
}

// opType returns the result type of the binary operator op; l is "" for
// a prefix operator.
func opType(op, l, r string) string {
	switch {
	case boolOps[op]:
		return "boolean"
	case op == "||":
		if l == "jsonb" || r == "jsonb" {
			return "jsonb"
		}
		if strings.HasSuffix(l, "[]") {
			return l
		}
		return "text"
	case op == "->" || op == "#>":
		return l
	case op == "->>" || op == "#>>":
		return "text"
	case l == "" && (op == "-" || op == "+" || op == "@"):
		return r
	}
	return arithType(op, finalLiteral(l), finalLiteral(r))
}

// arithType types + - * / % ^ over numbers and the date/time arithmetic
// models use (date - date, timestamp ± interval, …).
func arithType(op, l, r string) string {
	switch {
	case isNumeric(l) && isNumeric(r):
		if op == "^" {
			if baseName(l) == "numeric" || baseName(r) == "numeric" {
				return "numeric"
			}
			return "double precision"
		}
		return widerNumber(l, r)
	case l == "date" && r == "date" && op == "-":
		return "integer"
	case l == "date" && isNumeric(r):
		return "date"
	case l == "date" && r == "interval":
		return "timestamp"
	case (l == "timestamp" || l == "timestamptz") && r == l && op == "-":
		return "interval"
	case (l == "timestamp" || l == "timestamptz") && r == "interval":
		return l
	case l == "interval" && (r == "interval" || isNumeric(r)):
		return "interval"
	}
	return ""
}

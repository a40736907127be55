package macros

import "strings"

// Env is what the built-ins see while expanding one model.
type Env struct {
	This          string            // physical "schema.name" of the relation being built
	TargetName    string            // target.name
	TargetAdapter string            // target.adapter
	SchemaPrefix  string            // target.schema_prefix
	Vars          map[string]string // var("x"): --var values over HCL variables
	Environ       map[string]string // env("X"); never the process environment
	Incremental   bool              // is_incremental(): the model is incremental and its relation exists
}

// globals returns the names every template can read.
func (e *Env) globals() map[string]value {
	schema, name, _ := strings.Cut(e.This, ".")
	this := objVal(map[string]value{
		"schema":     strVal(schema),
		"name":       strVal(name),
		"identifier": strVal(name),
	}, e.This)
	target := objVal(map[string]value{
		"name":          strVal(e.TargetName),
		"adapter":       strVal(e.TargetAdapter),
		"type":          strVal(e.TargetAdapter),
		"schema_prefix": strVal(e.SchemaPrefix),
	}, e.TargetName)
	return map[string]value{"this": this, "target": target}
}

// builtins lists the built-in function names, for suggestions.
func builtins() []string { return []string{"env", "is_incremental", "var"} }

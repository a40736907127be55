package load

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

// evalContext builds the functions available in expressions. It is built per
// Load call (no package state) because env and var close over this call's
// inputs.
func evalContext(environ, vars map[string]string) *hcl.EvalContext {
	fns := map[string]function.Function{
		"env": lookupFunc("environment variable", environ,
			`set it, or give a default: env("%s", "value")`),
		"var": lookupFunc("variable", vars,
			`declare it in a variables block, pass --var %s=VALUE, or give a default: var("%[1]s", "value")`),
		"upper":      stdlib.UpperFunc,
		"lower":      stdlib.LowerFunc,
		"trimspace":  stdlib.TrimSpaceFunc,
		"trim":       stdlib.TrimFunc,
		"trimprefix": stdlib.TrimPrefixFunc,
		"trimsuffix": stdlib.TrimSuffixFunc,
		"format":     stdlib.FormatFunc,
		"formatlist": stdlib.FormatListFunc,
		"join":       stdlib.JoinFunc,
		"split":      stdlib.SplitFunc,
		"replace":    stdlib.ReplaceFunc,
		"substr":     stdlib.SubstrFunc,
		"concat":     stdlib.ConcatFunc,
		"length":     stdlib.LengthFunc,
		"coalesce":   stdlib.CoalesceFunc,
		"contains":   stdlib.ContainsFunc,
		"distinct":   stdlib.DistinctFunc,
		"flatten":    stdlib.FlattenFunc,
		"keys":       stdlib.KeysFunc,
		"values":     stdlib.ValuesFunc,
		"merge":      stdlib.MergeFunc,
		"max":        stdlib.MaxFunc,
		"min":        stdlib.MinFunc,
		"abs":        stdlib.AbsoluteFunc,
		"tostring":   stdlib.MakeToFunc(cty.String),
		"tonumber":   stdlib.MakeToFunc(cty.Number),
		"tobool":     stdlib.MakeToFunc(cty.Bool),
		"tolist":     stdlib.MakeToFunc(cty.List(cty.DynamicPseudoType)),
	}
	return &hcl.EvalContext{Functions: fns}
}

// lookupFunc makes env/var: f("NAME") or f("NAME", "default"). A missing
// name without a default is an error whose message says how to fix it; the
// value itself is never part of a message, since env often holds secrets.
func lookupFunc(what string, values map[string]string, hint string) function.Function {
	return function.New(&function.Spec{
		Params:   []function.Parameter{{Name: "name", Type: cty.String}},
		VarParam: &function.Parameter{Name: "default", Type: cty.String},
		Type:     function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			if len(args) > 2 {
				return cty.NilVal, fmt.Errorf("takes a name and at most one default, got %d arguments", len(args))
			}
			for _, a := range args {
				if a.IsNull() {
					return cty.NilVal, fmt.Errorf("arguments must not be null")
				}
			}
			name := args[0].AsString()
			if v, ok := values[name]; ok {
				return cty.StringVal(v), nil
			}
			if len(args) == 2 {
				return args[1], nil
			}
			return cty.NilVal, fmt.Errorf("%s %q is not set; %s", what, name, fmt.Sprintf(hint, name))
		},
	})
}

package load

import (
	"fmt"
	"math/big"
	"sort"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

// eval evaluates an attribute; false means a diagnostic was recorded.
func (l *loader) eval(a *hcl.Attribute) (cty.Value, bool) {
	v, hds := a.Expr.Value(l.ctx)
	l.fromHCL(hds, CodeType)
	if hds.HasErrors() {
		return cty.NilVal, false
	}
	if v.IsNull() {
		l.errorAt(CodeType, a.Expr.Range(), "Null value", fmt.Sprintf("%q must not be null; remove the argument to use its default.", a.Name))
		return cty.NilVal, false
	}
	if !v.IsWhollyKnown() {
		return cty.NilVal, false // only a broken expression, already reported, is unknown
	}
	return v, true
}

// typeError records that attribute a must be of type want. The value is not
// quoted: it could be a secret.
func (l *loader) typeError(a *hcl.Attribute, want string) {
	l.errorAt(CodeType, a.Expr.Range(), "Incorrect value type", fmt.Sprintf("%q must be %s.", a.Name, want))
}

// str decodes a string attribute; numbers and bools are accepted as their text.
func (l *loader) str(a *hcl.Attribute) (string, bool) {
	v, ok := l.eval(a)
	if !ok {
		return "", false
	}
	s, err := convert.Convert(v, cty.String)
	if err != nil {
		l.typeError(a, "a string")
		return "", false
	}
	return s.AsString(), true
}

// strs decodes a list of strings.
func (l *loader) strs(a *hcl.Attribute) ([]string, bool) {
	v, ok := l.eval(a)
	if !ok {
		return nil, false
	}
	lv, err := convert.Convert(v, cty.List(cty.String))
	if err != nil {
		l.typeError(a, `a list of strings, like ["a", "b"]`)
		return nil, false
	}
	out := make([]string, 0, lv.LengthInt())
	for it := lv.ElementIterator(); it.Next(); {
		_, e := it.Element()
		if e.IsNull() {
			l.typeError(a, "a list of strings without null elements")
			return nil, false
		}
		out = append(out, e.AsString())
	}
	return out, true
}

// integer decodes a whole number within [lo, hi].
func (l *loader) integer(a *hcl.Attribute, lo, hi int64) (int64, bool) {
	v, ok := l.eval(a)
	if !ok {
		return 0, false
	}
	nv, err := convert.Convert(v, cty.Number)
	if err != nil {
		l.typeError(a, "a whole number")
		return 0, false
	}
	bf := nv.AsBigFloat()
	if !bf.IsInt() {
		l.typeError(a, "a whole number")
		return 0, false
	}
	n, acc := bf.Int64()
	if acc != big.Exact || n < lo || n > hi {
		l.errorAt(CodeInvalidValue, a.Expr.Range(), "Value out of range",
			fmt.Sprintf("%q must be between %d and %d.", a.Name, lo, hi))
		return 0, false
	}
	return n, true
}

// pair is one key = value entry of a map attribute.
type pair struct {
	key, value string
	rng        hcl.Range
}

// strMap decodes a map of strings keeping the order written, which matters
// for column lists. Expressions that are not object literals (a merge() call)
// are evaluated and their keys sorted.
func (l *loader) strMap(a *hcl.Attribute) ([]pair, bool) {
	items, hds := hcl.ExprMap(a.Expr)
	if hds.HasErrors() {
		return l.strMapValue(a)
	}
	out := make([]pair, 0, len(items))
	ok := true
	seen := make(map[string]bool, len(items))
	for _, it := range items {
		k, kok := l.exprString(it.Key, a.Name+" key")
		v, vok := l.exprString(it.Value, a.Name+" value")
		if !kok || !vok {
			ok = false
			continue
		}
		r := hcl.RangeBetween(it.Key.Range(), it.Value.Range())
		if seen[k] {
			l.errorAt(CodeDuplicate, it.Key.Range(), "Duplicate key", fmt.Sprintf("%q is set twice in %q.", k, a.Name))
			ok = false
			continue
		}
		seen[k] = true
		out = append(out, pair{k, v, r})
	}
	return out, ok
}

func (l *loader) strMapValue(a *hcl.Attribute) ([]pair, bool) {
	v, ok := l.eval(a)
	if !ok {
		return nil, false
	}
	mv, err := convert.Convert(v, cty.Map(cty.String))
	if err != nil {
		l.typeError(a, `a map of strings, like { id = "bigint" }`)
		return nil, false
	}
	var out []pair
	for k, e := range mv.AsValueMap() {
		if e.IsNull() {
			l.typeError(a, "a map of strings without null values")
			return nil, false
		}
		out = append(out, pair{k, e.AsString(), a.Expr.Range()})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].key < out[j].key })
	return out, true
}

// exprString evaluates one expression (a map key or value) to a string.
func (l *loader) exprString(e hcl.Expression, what string) (string, bool) {
	v, hds := e.Value(l.ctx)
	l.fromHCL(hds, CodeType)
	if hds.HasErrors() {
		return "", false
	}
	if !v.IsWhollyKnown() || v.IsNull() {
		l.errorAt(CodeType, e.Range(), "Incorrect value type", fmt.Sprintf("The %s must be a string, not null.", what))
		return "", false
	}
	s, err := convert.Convert(v, cty.String)
	if err != nil {
		l.errorAt(CodeType, e.Range(), "Incorrect value type", fmt.Sprintf("The %s must be a string.", what))
		return "", false
	}
	return s.AsString(), true
}

// anyText stringifies a value kept for later features: primitives as their
// text, collections as JSON.
func (l *loader) anyText(a *hcl.Attribute) (string, bool) {
	v, ok := l.eval(a)
	if !ok {
		return "", false
	}
	if s, err := convert.Convert(v, cty.String); err == nil {
		return s.AsString(), true
	}
	b, err := ctyjson.Marshal(v, v.Type())
	if err != nil {
		l.typeError(a, "a string, number, bool, list or map")
		return "", false
	}
	return string(b), true
}

package macros

import (
	"sort"
	"strconv"
)

// kind is the type of a template value.
type kind int

const (
	kNone kind = iota
	kStr
	kNum
	kBool
	kObj // this and target: attribute access only
)

// value is a template value. Numbers keep their literal text so that
// {{ 100.0 }} renders as written.
type value struct {
	kind kind
	s    string
	n    float64
	b    bool
	obj  map[string]value
}

func strVal(s string) value                        { return value{kind: kStr, s: s} }
func boolVal(b bool) value                         { return value{kind: kBool, b: b} }
func objVal(m map[string]value, text string) value { return value{kind: kObj, obj: m, s: text} }

// text renders a value into SQL text. Booleans render as SQL's true/false
// rather than Python's True/False; none renders as nothing.
func (v value) text() string {
	switch v.kind {
	case kStr, kObj:
		return v.s
	case kNum:
		if v.s != "" {
			return v.s
		}
		return strconv.FormatFloat(v.n, 'f', -1, 64)
	case kBool:
		if v.b {
			return "true"
		}
		return "false"
	}
	return ""
}

// truthy follows Jinja: empty strings, zero, false and none are false.
func (v value) truthy() bool {
	switch v.kind {
	case kStr:
		return v.s != ""
	case kNum:
		return v.n != 0
	case kBool:
		return v.b
	case kObj:
		return true
	}
	return false
}

// equal compares values of one kind by value. Values of different kinds
// compare by their text, so var("n") == 1 holds when n is "1": variables
// are always strings, and users should not need casts to test them.
func equal(a, b value) bool {
	if a.kind != b.kind {
		if a.kind == kNone || b.kind == kNone {
			return false
		}
		return a.text() == b.text()
	}
	switch a.kind {
	case kNum:
		return a.n == b.n
	case kBool:
		return a.b == b.b
	case kNone:
		return true
	}
	return a.text() == b.text()
}

// typeName names a kind in messages.
func (v value) typeName() string {
	switch v.kind {
	case kStr:
		return "string"
	case kNum:
		return "number"
	case kBool:
		return "boolean"
	case kObj:
		return "object"
	}
	return "none"
}

// attrNames lists an object's attributes, sorted, for suggestions.
func (v value) attrNames() []string {
	out := make([]string, 0, len(v.obj))
	for k := range v.obj {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

package macros

import (
	"fmt"
	"strings"

	"github.com/quill-etl/quill/models/diag"
)

// call is an active macro call: the macro, its arguments, and the span of
// the call in the caller's file (the model for the first call).
type call struct {
	m          *Macro
	locals     map[string]value
	start, end int
}

// evaluator expands one model. It is created per Expand call.
type evaluator struct {
	lib     *Library
	env     *Env
	file    string // the model file
	src     []byte
	globals map[string]value
	stack   []*call // active macro calls, outermost first
	calls   int     // macro calls so far, bounded against exponential expansion
	diags   diag.Diagnostics
}

// errAt reports a problem at [start, end) of the file being evaluated. Inside
// a macro, the subject is the outermost call in the model, which the user
// can act on, and the detail says where in which macro the problem is.
func (ev *evaluator) errAt(code string, start, end int, summary, detail string) {
	if len(ev.stack) == 0 {
		ev.diags = append(ev.diags, diag.At(code, ev.file, ev.src, start, end, summary, detail))
		return
	}
	in := ev.stack[len(ev.stack)-1].m
	var b strings.Builder
	if detail != "" {
		b.WriteString(detail)
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "In macro %q at %s", in.Name, diag.RangeOf(in.File, in.src, start, end))
	for i := len(ev.stack) - 1; i > 0; i-- {
		if skip := i - 2; i == len(ev.stack)-4 && skip > 0 { // a long chain is recursion: keep its ends
			fmt.Fprintf(&b, ",\n… %d more calls …", skip)
			i -= skip
		}
		c, caller := ev.stack[i], ev.stack[i-1].m
		fmt.Fprintf(&b, ",\ncalled from macro %q at %s", caller.Name, diag.RangeOf(caller.File, caller.src, c.start, c.end))
	}
	b.WriteString(",\ncalled here.")
	c := ev.stack[0]
	d := diag.At(code, ev.file, ev.src, c.start, c.end, summary+fmt.Sprintf(" (in macro %q)", in.Name), b.String())
	ev.diags = append(ev.diags, d)
}

// eval evaluates x; false means a diagnostic was recorded.
func (ev *evaluator) eval(x expr) (value, bool) {
	switch x := x.(type) {
	case *litExpr:
		return x.v, true
	case *nameExpr:
		return ev.name(x)
	case *attrExpr:
		return ev.attr(x)
	case *callExpr:
		return ev.call(x)
	case *notExpr:
		v, ok := ev.eval(x.x)
		return boolVal(!v.truthy()), ok
	case *binExpr:
		return ev.binary(x)
	}
	return value{}, false
}

func (ev *evaluator) binary(x *binExpr) (value, bool) {
	l, ok := ev.eval(x.l)
	if !ok {
		return value{}, false
	}
	switch x.op {
	case "and":
		if !l.truthy() {
			return l, true
		}
		return ev.eval(x.r)
	case "or":
		if l.truthy() {
			return l, true
		}
		return ev.eval(x.r)
	}
	r, ok := ev.eval(x.r)
	if !ok {
		return value{}, false
	}
	eq := equal(l, r)
	return boolVal(eq == (x.op == "==")), true
}

func (ev *evaluator) name(x *nameExpr) (value, bool) {
	if n := len(ev.stack); n > 0 {
		if v, ok := ev.stack[n-1].locals[x.name]; ok {
			return v, true
		}
	}
	if v, ok := ev.globals[x.name]; ok {
		return v, true
	}
	cands := []string{"this", "target"}
	if n := len(ev.stack); n > 0 {
		for _, p := range ev.stack[n-1].m.Params {
			cands = append(cands, p.Name)
		}
	}
	hint := "Known names are this and target, and inside a macro its parameters."
	if s := suggest(x.name, cands); s != "" {
		hint = s
	}
	if ev.lib.Macro(x.name) != nil || isBuiltin(x.name) {
		hint = fmt.Sprintf("%q is a function: call it, %s().", x.name, x.name)
	}
	ev.errAt(CodeUnknown, x.start, x.end, fmt.Sprintf("unknown name %q", x.name), hint)
	return value{}, false
}

func (ev *evaluator) attr(x *attrExpr) (value, bool) {
	v, ok := ev.eval(x.x)
	if !ok {
		return value{}, false
	}
	if v.kind != kObj {
		ev.errAt(CodeType, x.start, x.end, fmt.Sprintf("a %s has no attribute %q", v.typeName(), x.name),
			"Only this and target have attributes.")
		return value{}, false
	}
	a, ok := v.obj[x.name]
	if !ok {
		ev.errAt(CodeUnknown, x.start, x.end, fmt.Sprintf("unknown attribute %q", x.name),
			fmt.Sprintf("Known attributes are %s.%s", strings.Join(v.attrNames(), ", "), suggest(x.name, v.attrNames())))
		return value{}, false
	}
	return a, true
}

func isBuiltin(name string) bool {
	return name == "var" || name == "env" || name == "is_incremental"
}

// suggest returns ` Did you mean "x"?` for the closest candidate, if close.
func suggest(name string, cands []string) string { return diag.DidYouMean(name, cands) }

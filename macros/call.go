package macros

import (
	"fmt"
	"strings"
)

// call evaluates a call to a built-in or a macro.
func (ev *evaluator) call(x *callExpr) (value, bool) {
	switch x.name {
	case "var":
		return ev.lookup(x, ev.env.Vars, CodeMissingVar, "variable",
			`Pass --var %[1]s=VALUE, set it in a variables block, or give a default: var("%[1]s", "value").`)
	case "env":
		return ev.lookup(x, ev.env.Environ, CodeMissingEnv, "environment variable",
			`Set it, or give a default: env("%[1]s", "value").`)
	case "is_incremental":
		if len(x.args)+len(x.kwargs) > 0 {
			ev.errAt(CodeArgs, x.start, x.end, "is_incremental() takes no arguments", "")
			return value{}, false
		}
		return boolVal(ev.env.Incremental), true
	}
	m := ev.lib.Macro(x.name)
	if m == nil {
		hint := suggest(x.name, append(ev.lib.Names(), builtins()...))
		if hint == "" {
			hint = "Define it in a file under macros/ with {% macro " + x.name + "(…) %} … {% endmacro %}."
		}
		ev.errAt(CodeUnknown, x.start, x.end, fmt.Sprintf("unknown macro %q", x.name), strings.TrimSpace(hint))
		return value{}, false
	}
	return ev.callMacro(m, x)
}

// lookup implements var and env: f("NAME") or f("NAME", "default").
func (ev *evaluator) lookup(x *callExpr, values map[string]string, code, what, hint string) (value, bool) {
	if len(x.kwargs) > 0 || len(x.args) < 1 || len(x.args) > 2 {
		ev.errAt(CodeArgs, x.start, x.end, fmt.Sprintf("%s() takes a name and an optional default", x.name),
			fmt.Sprintf(`Write %s("NAME") or %s("NAME", "default").`, x.name, x.name))
		return value{}, false
	}
	args := make([]value, len(x.args))
	for i, a := range x.args {
		v, ok := ev.eval(a)
		if !ok {
			return value{}, false
		}
		args[i] = v
	}
	if args[0].kind != kStr {
		s, e := x.args[0].span()
		ev.errAt(CodeType, s, e, fmt.Sprintf("%s() needs a string name, not a %s", x.name, args[0].typeName()), "")
		return value{}, false
	}
	if v, ok := values[args[0].s]; ok {
		return strVal(v), true
	}
	if len(args) == 2 {
		return args[1], true
	}
	ev.errAt(code, x.start, x.end, fmt.Sprintf("%s %q is not set", what, args[0].s), fmt.Sprintf(hint, args[0].s))
	return value{}, false
}

// callMacro binds the arguments and renders the macro body to a string.
func (ev *evaluator) callMacro(m *Macro, x *callExpr) (value, bool) {
	if m.broken {
		ev.errAt(CodeBrokenMacro, x.start, x.end, fmt.Sprintf("macro %q has errors", m.Name),
			fmt.Sprintf("Fix the errors reported in %s first.", m.File))
		return value{}, false
	}
	if len(ev.stack) >= maxMacroDepth {
		ev.errAt(CodeRecursion, x.start, x.end, "macro calls nested too deeply",
			fmt.Sprintf("More than %d nested calls: %s. A macro probably calls itself without end.", maxMacroDepth, ev.chain(m.Name)))
		return value{}, false
	}
	if ev.calls++; ev.calls > maxMacroCalls {
		if ev.calls == maxMacroCalls+1 {
			ev.errAt(CodeRecursion, x.start, x.end, "too many macro calls",
				fmt.Sprintf("Expanding this model takes more than %d macro calls; macros probably call each other many times over.", maxMacroCalls))
		}
		return value{}, false
	}
	locals, ok := ev.bind(m, x)
	if !ok {
		return value{}, false
	}
	ev.stack = append(ev.stack, &call{m: m, locals: locals, start: x.start, end: x.end})
	defer func() { ev.stack = ev.stack[:len(ev.stack)-1] }()
	if !ev.defaults(m, locals) {
		return value{}, false
	}
	var o output
	ev.render(m.body, m.src, &o)
	return strVal(string(o.buf)), true
}

// chain renders the active call chain, like "a → b → a".
func (ev *evaluator) chain(next string) string {
	names := make([]string, 0, len(ev.stack)+1)
	for _, c := range ev.stack {
		names = append(names, c.m.Name)
	}
	if len(names) > 6 {
		names = append(names[:3], append([]string{"…"}, names[len(names)-2:]...)...)
	}
	return strings.Join(append(names, next), " → ")
}

// bind evaluates the call's arguments, in the caller's scope, into the
// macro's parameters. Parameters left unset get their defaults later, in
// the macro's own scope (see defaults).
func (ev *evaluator) bind(m *Macro, x *callExpr) (map[string]value, bool) {
	if len(x.args) > len(m.Params) {
		ev.errAt(CodeArgs, x.start, x.end, fmt.Sprintf("too many arguments to macro %q", m.Name),
			fmt.Sprintf("%s takes %d: %s; defined at %s.", m.Name, len(m.Params), m.signature(), m.Decl))
		return nil, false
	}
	locals := make(map[string]value, len(m.Params))
	ok := true
	for i, a := range x.args {
		v, vok := ev.eval(a)
		locals[m.Params[i].Name] = v
		ok = ok && vok
	}
	for _, kw := range x.kwargs {
		if !m.hasParam(kw.name) {
			ev.errAt(CodeArgs, kw.start, kw.start+len(kw.name), fmt.Sprintf("macro %q has no parameter %q", m.Name, kw.name),
				fmt.Sprintf("Its parameters are %s.%s", m.signature(), suggest(kw.name, m.paramNames())))
			ok = false
			continue
		}
		if _, dup := locals[kw.name]; dup {
			ev.errAt(CodeArgs, kw.start, kw.start+len(kw.name), fmt.Sprintf("argument %q given twice", kw.name), "")
			ok = false
			continue
		}
		v, vok := ev.eval(kw.x)
		locals[kw.name] = v
		ok = ok && vok
	}
	for _, p := range m.Params {
		if _, set := locals[p.Name]; !set && p.def == nil {
			ev.errAt(CodeArgs, x.start, x.end, fmt.Sprintf("missing argument %q to macro %q", p.Name, m.Name),
				fmt.Sprintf("%s takes %s; defined at %s.", m.Name, m.signature(), m.Decl))
			ok = false
		}
	}
	return locals, ok
}

// defaults fills unset parameters from their default expressions.
func (ev *evaluator) defaults(m *Macro, locals map[string]value) bool {
	ok := true
	for _, p := range m.Params {
		if _, set := locals[p.Name]; set || p.def == nil {
			continue
		}
		v, vok := ev.eval(p.def)
		locals[p.Name] = v
		ok = ok && vok
	}
	return ok
}

func (m *Macro) hasParam(name string) bool {
	for _, p := range m.Params {
		if p.Name == name {
			return true
		}
	}
	return false
}

func (m *Macro) paramNames() []string {
	out := make([]string, len(m.Params))
	for i, p := range m.Params {
		out[i] = p.Name
	}
	return out
}

// signature renders the parameter list, like "(col, scale=100)".
func (m *Macro) signature() string {
	parts := make([]string, len(m.Params))
	for i, p := range m.Params {
		parts[i] = p.Name
		if p.def != nil {
			parts[i] += "=" + p.Default
		}
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

package macros

import (
	"fmt"
	"sort"

	"github.com/quill-etl/quill/models/diag"
)

// Library holds the user macros of a project. It is read-only after
// ParseLibrary, so one Library may serve concurrent Expand calls.
type Library struct {
	macros map[string]*Macro
}

// Macro is one {% macro name(params) %} … {% endmacro %} definition.
type Macro struct {
	Name   string
	Params []Param
	File   string     // project-relative file that defines it
	Decl   diag.Range // the {% macro %} tag
	body   []node
	src    []byte // the bytes of File, which body's offsets index
	broken bool   // the definition has errors, already reported
	incr   bool   // calls is_incremental(), directly or through other macros
}

// Param is a macro parameter; Default is the source text of its default
// value, empty when the parameter is required.
type Param struct {
	Name    string
	Default string
	def     expr
}

// reserved names cannot be macro names: they are the built-ins.
func reserved(name string) bool {
	switch name {
	case "var", "env", "is_incremental", "this", "target":
		return true
	}
	return false
}

// ParseLibrary parses the macro files (macros/*.sql, keyed by
// project-relative name). Text outside macro definitions is ignored, as
// Jinja does. The Library is usable even when there are diagnostics: macros
// with errors are kept, and calling one reports that it is broken.
func ParseLibrary(files map[string][]byte) (*Library, diag.Diagnostics) {
	lib := &Library{macros: map[string]*Macro{}}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	var diags diag.Diagnostics
	for _, n := range names {
		src := files[n]
		_, ms, ds := parseTemplate(n, src, true)
		diags = append(diags, ds...)
		for _, m := range ms {
			m.src = src
			diags = lib.define(m, diags)
		}
	}
	lib.markIncremental()
	diags.Sort()
	return lib, diags
}

// define adds m unless its name is taken or reserved.
func (lib *Library) define(m *Macro, diags diag.Diagnostics) diag.Diagnostics {
	r := m.Decl
	if reserved(m.Name) {
		return append(diags, diag.Diagnostic{Severity: diag.Error, Code: CodeDuplicate, Subject: &r,
			Summary: fmt.Sprintf("macro name %q is reserved", m.Name),
			Detail:  fmt.Sprintf("%q is a built-in; give the macro another name.", m.Name)})
	}
	if prev := lib.macros[m.Name]; prev != nil {
		return append(diags, diag.Diagnostic{Severity: diag.Error, Code: CodeDuplicate, Subject: &r,
			Summary: fmt.Sprintf("macro %q is defined twice", m.Name),
			Detail:  fmt.Sprintf("It is already defined at %s; rename or remove one definition.", prev.Decl)})
	}
	lib.macros[m.Name] = m
	return diags
}

// Macro returns the macro with the given name, or nil.
func (lib *Library) Macro(name string) *Macro {
	if lib == nil {
		return nil
	}
	return lib.macros[name]
}

// Names returns the macro names, sorted.
func (lib *Library) Names() []string {
	if lib == nil {
		return nil
	}
	out := make([]string, 0, len(lib.macros))
	for n := range lib.macros {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// macroTag handles {% macro name(a, b="x") %}.
func (b *builder) macroTag(p *parser, it item) {
	if !b.library || len(b.stack) > 0 {
		b.errAt(CodeMacroInModel, it.start, it.end, "macro defined here",
			"Macros are defined at the top level of files in macros/, and called from models with {{ name(…) }}.")
		b.stack = append(b.stack, &frame{macro: &Macro{}, start: it.start}) // keep blocks balanced; never registered
		b.stack[len(b.stack)-1].macro.broken = true
		return
	}
	m := &Macro{File: b.file, Decl: diag.RangeOf(b.file, b.src, it.start, it.end)}
	b.stack = append(b.stack, &frame{macro: m, start: it.start})
	name := p.advance()
	if name.kind != tIdent {
		b.syntax(p.fail(name, "expected a macro name, found %s"))
		m.broken = true
		return
	}
	m.Name = name.text
	if perr := b.params(p, m); perr != nil {
		b.syntax(perr)
		m.broken = true
	}
}

// params parses "(a, b=default)" and the end of the tag.
func (b *builder) params(p *parser, m *Macro) *parseError {
	if err := p.expect("("); err != nil {
		return err
	}
	seen := map[string]bool{}
	for !p.is(")") {
		if len(m.Params) > 0 {
			if err := p.expect(","); err != nil {
				return err
			}
		}
		t := p.advance()
		if t.kind != tIdent || reserved(t.text) || seen[t.text] {
			return p.fail(t, "expected a new parameter name, found %s")
		}
		seen[t.text] = true
		prm := Param{Name: t.text}
		if p.is("=") {
			p.advance()
			x, err := p.parseExpr()
			if err != nil {
				return err
			}
			s, e := x.span()
			prm.def, prm.Default = x, string(b.src[s:e])
		} else if len(m.Params) > 0 && m.Params[len(m.Params)-1].def != nil {
			return p.fail(t, "a parameter without a default cannot follow one with a default: %s")
		}
		m.Params = append(m.Params, prm)
	}
	p.advance()
	if t := p.peek(); t.kind != tClose {
		return p.fail(t, "expected %%}, found %s")
	}
	return nil
}

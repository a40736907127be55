// Package macros expands the Jinja subset quill models may use, as text,
// before any SQL parsing: {{ expr }}, {% if %}/{% elif %}/{% else %}/{% endif %},
// {# comments #}, user macros defined in macros/*.sql with
// {% macro name(a, b="default") %} … {% endmacro %}, and the built-ins this,
// target, var(), env() and is_incremental().
//
// It owns the template language and the SourceMap from expanded text back to
// the file the user wrote. Every diagnostic points into that file: a problem
// inside a macro body is reported at the call site in the model, with the
// macro's own file and line in the detail.
//
// It must never do I/O, read the process environment (Env carries it), know
// anything about SQL, keep state between calls, or panic on input.
package macros

package diag

import (
	"fmt"
	"sort"
	"strings"
)

// Severity says whether a diagnostic stops the run.
type Severity int

const (
	// Error diagnostics make the command exit 1.
	Error Severity = iota
	// Warning diagnostics are shown but do not change the exit code.
	Warning
)

// String returns "error" or "warning".
func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// MarshalText renders the severity as its name in JSON output.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a severity name.
func (s *Severity) UnmarshalText(b []byte) error {
	switch string(b) {
	case "error":
		*s = Error
	case "warning":
		*s = Warning
	default:
		return fmt.Errorf("unknown severity %q", b)
	}
	return nil
}

// Pos is a position in a file: 1-based line and column (in bytes), 0-based byte offset.
type Pos struct {
	Line   int `json:"line"`
	Column int `json:"column"`
	Byte   int `json:"byte"`
}

// Range is a span of a project file; Filename is project-relative with forward slashes.
type Range struct {
	Filename string `json:"filename"`
	Start    Pos    `json:"start"`
	End      Pos    `json:"end"`
}

// String renders the range start as file:line:col.
func (r Range) String() string {
	return fmt.Sprintf("%s:%d:%d", r.Filename, r.Start.Line, r.Start.Column)
}

// Diagnostic is one problem found in the user's project or during a run.
type Diagnostic struct {
	Severity Severity `json:"severity"`
	Code     string   `json:"code,omitempty"`    // stable code, e.g. "QL002"; see docs/diagnostics.md
	Summary  string   `json:"summary"`           // one line, no trailing period
	Detail   string   `json:"detail,omitempty"`  // full sentences: what is wrong and how to fix it
	Subject  *Range   `json:"subject,omitempty"` // the exact span, in the file the user wrote
	Addr     string   `json:"addr,omitempty"`    // optional node name, e.g. "staging.users"
}

// Error makes a Diagnostic usable as an error; it renders the compact form.
func (d Diagnostic) Error() string { return d.Short() }

// Short renders "file:line:col: error QL002: summary" (or without a position).
func (d Diagnostic) Short() string {
	var b strings.Builder
	if d.Subject != nil {
		b.WriteString(d.Subject.String())
		b.WriteString(": ")
	}
	b.WriteString(d.Severity.String())
	if d.Code != "" {
		b.WriteString(" ")
		b.WriteString(d.Code)
	}
	b.WriteString(": ")
	b.WriteString(d.Summary)
	return b.String()
}

// Diagnostics is a collection of diagnostics; nil means none.
type Diagnostics []Diagnostic

// HasErrors reports whether any diagnostic has Error severity.
func (ds Diagnostics) HasErrors() bool {
	for _, d := range ds {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Err returns the diagnostics as an error when any is an error, else nil.
func (ds Diagnostics) Err() error {
	if !ds.HasErrors() {
		return nil
	}
	return ds
}

// Error joins the compact forms, one per line.
func (ds Diagnostics) Error() string {
	lines := make([]string, len(ds))
	for i, d := range ds {
		lines[i] = d.Short()
	}
	return strings.Join(lines, "\n")
}

// Append adds diagnostics, single Diagnostic values, or plain errors (as
// position-less internal errors) and returns the extended collection.
func (ds Diagnostics) Append(items ...any) Diagnostics {
	for _, it := range items {
		switch v := it.(type) {
		case nil:
		case Diagnostic:
			ds = append(ds, v)
		case *Diagnostic:
			if v != nil {
				ds = append(ds, *v)
			}
		case Diagnostics:
			ds = append(ds, v...)
		case error:
			ds = append(ds, Diagnostic{Severity: Error, Summary: v.Error()})
		default:
			panic(fmt.Sprintf("diag: cannot append %T", it)) // programming error, not input
		}
	}
	return ds
}

// Sort orders diagnostics by file, line, column, code and summary, so output is
// deterministic even when they were found concurrently.
func (ds Diagnostics) Sort() {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		af, bf := "", ""
		var ap, bp Pos
		if a.Subject != nil {
			af, ap = a.Subject.Filename, a.Subject.Start
		}
		if b.Subject != nil {
			bf, bp = b.Subject.Filename, b.Subject.Start
		}
		if af != bf {
			return af < bf
		}
		if ap.Byte != bp.Byte {
			return ap.Byte < bp.Byte
		}
		if a.Code != b.Code {
			return a.Code < b.Code
		}
		return a.Summary < b.Summary
	})
}

// Errorf builds a position-less error diagnostic.
func Errorf(code, format string, args ...any) Diagnostic {
	return Diagnostic{Severity: Error, Code: code, Summary: fmt.Sprintf(format, args...)}
}

// At builds an error diagnostic whose subject spans [start, end) of src.
func At(code, filename string, src []byte, start, end int, summary, detail string) Diagnostic {
	r := RangeOf(filename, src, start, end)
	return Diagnostic{Severity: Error, Code: code, Summary: summary, Detail: detail, Subject: &r}
}

// PosOf converts a byte offset of src into a Pos. Offsets outside src are clamped.
func PosOf(src []byte, offset int) Pos {
	if offset < 0 {
		offset = 0
	}
	if offset > len(src) {
		offset = len(src)
	}
	line, col := 1, 1
	for i := 0; i < offset; i++ {
		if src[i] == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return Pos{Line: line, Column: col, Byte: offset}
}

// RangeOf builds the range of [start, end) in src.
func RangeOf(filename string, src []byte, start, end int) Range {
	if end < start {
		end = start
	}
	return Range{Filename: filename, Start: PosOf(src, start), End: PosOf(src, end)}
}

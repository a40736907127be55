package load

import (
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/quill-etl/quill/models/diag"
)

// Diagnostic codes of the loader; docs/diagnostics.md documents each one.
const (
	CodeHCL             = "QL100" // an HCL problem with no more specific code
	CodeSyntax          = "QL101" // HCL syntax error
	CodeUnknownBlock    = "QL102" // block type not expected here
	CodeUnknownArg      = "QL103" // argument not expected here
	CodeMissingArg      = "QL104" // required argument missing
	CodeLabels          = "QL105" // wrong number of block labels
	CodeType            = "QL106" // value of the wrong type, or null
	CodeFunc            = "QL107" // function call failed (env/var missing, bad arguments)
	CodeEnum            = "QL108" // value not one of the allowed ones
	CodeName            = "QL109" // malformed relation or identifier name
	CodeDuplicate       = "QL110" // two declarations of one thing
	CodeProject         = "QL111" // missing or repeated project block
	CodeUnknownTarget   = "QL112" // default_target names no declared target
	CodeDuration        = "QL113" // malformed duration or timestamp
	CodeInvalidAssert   = "QL114" // assert arguments that do not fit together
	CodeDuplicateArg    = "QL115" // one argument written twice in a block
	CodeReference       = "QL116" // a variable reference; only functions are available
	CodeInvalidValue    = "QL117" // a value out of range (negative threads, empty list)
	CodeConflictingArgs = "QL118" // arguments that exclude each other
)

// codeFor picks the code of an hcl diagnostic: a known summary decides,
// otherwise the caller's default (which says what stage produced it).
func codeFor(summary, def string) string {
	has := func(p string) bool { return strings.HasPrefix(summary, p) }
	switch {
	case has("Unsupported argument"):
		return CodeUnknownArg
	case has("Unsupported block type"), has("Unexpected "):
		return CodeUnknownBlock
	case has("Missing required argument"):
		return CodeMissingArg
	case has("Duplicate argument"), has("Attribute redefined"):
		return CodeDuplicateArg
	case has("Extraneous label"), has("Missing name for"):
		return CodeLabels
	case has("Error in function call"), has("Call to unknown function"), has("Invalid function argument"),
		has("Too many function arguments"), has("Not enough function arguments"), has("Function calls not allowed"):
		return CodeFunc
	case has("Variables not allowed"), has("Unknown variable"):
		return CodeReference
	case has("Missing ") && strings.Contains(summary, " for "): // "Missing <label> for <block>"
		return CodeLabels
	}
	return def
}

// fromHCL converts hcl diagnostics; def is the code used when the summary is
// not one we classify (CodeSyntax for parse errors, CodeType for evaluation).
func (l *loader) fromHCL(hds hcl.Diagnostics, def string) {
	for _, h := range hds {
		if h == nil {
			continue
		}
		d := diag.Diagnostic{Severity: diag.Error, Code: codeFor(h.Summary, def),
			Summary: h.Summary, Detail: h.Detail}
		if def == CodeSyntax {
			d.Code = CodeSyntax // every parse problem is a syntax error
		}
		if h.Severity == hcl.DiagWarning {
			d.Severity = diag.Warning
		}
		if h.Subject != nil {
			r := l.rng(*h.Subject)
			d.Subject = &r
			d.Summary = l.namedSummary(d.Summary, *h.Subject)
		}
		l.diags = append(l.diags, d)
	}
}

// namedSummary appends the offending name to hcl's generic summaries, so
// that the one-line form says which argument is unsupported.
func (l *loader) namedSummary(summary string, r hcl.Range) string {
	switch summary {
	case "Unsupported argument", "Unsupported block type", "Duplicate argument":
	default:
		return summary
	}
	src := l.files[r.Filename]
	if r.Start.Byte < 0 || r.End.Byte > len(src) || r.End.Byte-r.Start.Byte > 64 || r.End.Byte <= r.Start.Byte {
		return summary
	}
	return fmt.Sprintf("%s %q", summary, src[r.Start.Byte:r.End.Byte])
}

// rng converts an hcl range. Positions are recomputed from the byte offsets
// in the original file: hcl counts columns in characters where quill counts
// bytes, and spreadOneLineBlocks may have changed hcl's line numbers.
func (l *loader) rng(r hcl.Range) diag.Range {
	idx := l.lineIndex(r.Filename)
	return diag.Range{Filename: r.Filename, Start: idx.pos(r.Start.Byte), End: idx.pos(r.End.Byte)}
}

// lineIndex holds the offset at which each line of a file starts.
type lineIndex []int

func (l *loader) lineIndex(name string) lineIndex {
	if idx, ok := l.lines[name]; ok {
		return idx
	}
	src := l.files[name]
	idx := lineIndex{0}
	for i, c := range src {
		if c == '\n' {
			idx = append(idx, i+1)
		}
	}
	if l.lines == nil {
		l.lines = map[string]lineIndex{}
	}
	l.lines[name] = idx
	return idx
}

// pos converts a byte offset into a 1-based line and byte column.
func (idx lineIndex) pos(off int) diag.Pos {
	if off < 0 {
		off = 0
	}
	line := sort.Search(len(idx), func(i int) bool { return idx[i] > off }) - 1
	if line < 0 {
		line = 0
	}
	return diag.Pos{Line: line + 1, Column: off - idx[line] + 1, Byte: off}
}

// errorAt records an error diagnostic at r.
func (l *loader) errorAt(code string, r hcl.Range, summary, detail string) {
	dr := l.rng(r)
	l.diags = append(l.diags, diag.Diagnostic{Severity: diag.Error, Code: code,
		Summary: summary, Detail: detail, Subject: &dr})
}

// suggest returns ` Did you mean "x"?` when a candidate is close to name.
func suggest(name string, candidates []string) string { return diag.DidYouMean(name, candidates) }

// Package diag holds quill's one diagnostic type, used by every stage from the
// HCL loader to the runtime.
//
// A Diagnostic carries a stable code (QL001…), a one-line summary, a detail that
// says how to fix the problem, and the exact range in the file the user wrote:
// never a position in macro-expanded text. Diagnostics are collected, not
// returned at the first error; nil means none.
//
// This package does no I/O beyond writing to the io.Writer it is given, and
// imports nothing else from quill.
package diag

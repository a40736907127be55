// Package models is quill's shared vocabulary: the compiled project (nodes,
// columns, checks, targets) that the compiler produces and the planner,
// runtime and adapters consume.
//
// Rules: no I/O; values are plain data and are not changed after the compiler
// returns them; this package imports nothing from quill but models/diag.
package models

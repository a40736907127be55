// Package sqlparse turns the SQL of one model into small quill types: the
// relations it reads (RelRef), its output columns with their types and
// column-level lineage (OutColumn), the quality checks its shape
// guarantees (Checks: keys and row counts, sound before complete; see
// checks.go and keyrel.go), a renamed copy for a target's
// schema_prefix (Rewrite) and a fingerprint of its normalised text.
//
// Rule: this is the only package in quill that imports pg_query_go. Every
// other package sees the plain types defined here, so that the parser can be
// upgraded (pg_query v6, PG17 grammar) or replaced (a !cgo fallback) by
// editing this directory alone, as sqlc did with its engines.
//
// Positions are byte offsets into the SQL text handed to Parse (the
// macro-expanded text); mapping them back to the file the user wrote is the
// caller's job. pg_query reports syntax errors as 1-based character
// positions, which Parse converts to 0-based byte offsets.
//
// The package is pure: no I/O, no global state. A *Query is immutable after
// Parse and safe for concurrent use; Rewrite works on a copy of the tree.
package sqlparse

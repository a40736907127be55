// Package load decodes a quill project's HCL files into a Config: plain data
// with the exact source range of every block and attribute a user could get
// wrong.
//
// It owns everything about HCL: it is the only package in quill that imports
// hashicorp/hcl and go-cty, and it evaluates the expression functions users may
// call (env, var and the cty standard library). Every problem becomes a
// diag.Diagnostic with a QL1xx code (docs/diagnostics.md), and all problems of
// a run are collected.
//
// It must never do I/O (the caller reads the files and passes the
// environment), never read os.Getenv, never panic on input, and never put the
// value of a secret (a dsn) into a diagnostic. It knows nothing of SQL files:
// checking that a model block has a models/<schema>/<name>.sql file, and
// that relations have one producer across SQL, CSV and HCL, is the compiler's
// job.
package load

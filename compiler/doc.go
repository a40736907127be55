// Package compiler turns a project directory into a compiled, validated
// models.Project for one target: it reads the HCL and SQL files, expands
// macros, parses every model, resolves the relations each model reads to
// their producers, rejects cycles, infers output columns and column lineage,
// attaches checks, fingerprints every node and rewrites relation names for
// the target.
//
// Compilation is a pure function of the files and options: it never touches
// a database, and the same inputs give the same manifest byte for byte. Every
// problem is reported as a diagnostic with a position in the file the user
// wrote; the compiler goes on past the first error.
package compiler

// Package cql is the vocabulary of CQL types and table schemas used by the
// Cassandra SSTable reader.
//
// It parses the CREATE TYPE and CREATE TABLE statements of a schema.cql file
// (as `DESCRIBE TABLE` or a snapshot writes them) into a Table, and maps every
// CQL type to the column type a PostgreSQL-compatible warehouse stores it in
// (collections, tuples and UDTs become jsonb).
//
// The package does no I/O and imports nothing else from quill. Parse errors
// carry the byte offset, line and column of the offending token.
package cql

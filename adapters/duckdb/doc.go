// Package duckdb is quill's embedded warehouse: an adapters.Warehouse over an
// in-process DuckDB database (a file, or memory), the hermetic default for
// local runs and tests.
//
// It is the only package in quill that imports the DuckDB driver, so that
// other packages' binaries do not link its 80 MB static library.
//
// Rules it enforces:
//   - Identifiers are always quoted with adapters.QuoteIdent and values are
//     always bound ($1, $2, …), never spliced into SQL.
//   - A DuckDB file is locked by the process that opens it. Open waits for a
//     lock held by another process (another quill apply) until its context
//     is done, so the target-wide apply lock is the file lock plus an
//     in-process mutex (Warehouse.Lock).
//   - DuckDB binds views to relation names when they are queried, not when
//     they are created, and its DDL is transactional: a swap is a DROP and a
//     RENAME in one transaction, and dependent views simply read the new
//     relation.
//   - Query results are normalised to the types adapters.Result documents
//     (decimals and UUIDs as strings, every integer as int64 when it fits).
package duckdb

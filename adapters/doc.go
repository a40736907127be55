// Package adapters defines the small interfaces through which quill's runtime
// talks to the outside world: warehouses (DuckDB, PostgreSQL, Redshift),
// and, in later packages, sources and sinks.
//
// Implementations live in sub-packages (adapters/duckdb, adapters/postgres, …)
// and import only this package and models. Nothing registers itself in init():
// cmd/quill builds the adapters it needs and passes them down.
//
// Every method that can block takes a context first; the context covers that
// call only. The caller of an Open function owns the returned value and must
// Close it.
package adapters

// Package source lands a Cassandra table in the warehouse: it scans the
// table's SSTables (local snapshot directories) with the sstable reader,
// split by token range and read in parallel, and yields the merged rows as
// an adapters.Extract with warehouse-typed values.
//
// This is the glue between the stand-alone reader (adapters/cassandra/cql
// and adapters/cassandra/sstable, which import nothing from quill) and
// quill's runtime.
package source

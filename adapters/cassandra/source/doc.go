// Package source lands a Cassandra table in the warehouse: it scans the
// table's SSTables (local snapshot directories or s3:// prefixes) with the
// sstable reader, split by token range and read in parallel, and yields the
// merged rows as an adapters.Extract with warehouse-typed values.
//
// A snapshot in S3 is read through S3FS, an sstable.FS over adapters/s3:
// one listing per folder, then ranged GETs of fixed, aligned blocks kept in
// an LRU cache bounded in bytes and shared by every split, so a split
// fetches only the blocks its chunks are in and no block is fetched twice
// while the cache holds it (FetchStats counts what was fetched, and what
// was fetched again). Credentials and region come from the AWS default
// chain; S3Options.Endpoint names an S3-compatible server (MinIO, tests).
//
// This is the glue between the stand-alone reader (adapters/cassandra/cql
// and adapters/cassandra/sstable, which import nothing from quill) and
// quill's runtime.
package source

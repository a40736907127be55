// Package sstable reads and writes Apache Cassandra SSTables offline: the 'big'
// format of Cassandra 3.0 to 5.0 (versions ma, mb, mc, md, me, na, nb, oa),
// compressed with LZ4, Snappy, Deflate or Zstd or uncompressed, partitioned
// by Murmur3, Random or ByteOrdered partitioners.
//
// Open takes the SSTables of one table (any number of generations and of
// nodes' replicas, from one or more directories) and Table.Rows merges them
// into the rows a read at consistency ALL returns: last write wins per
// cell, partition, row, range and cell tombstones shadow older data, cells
// whose TTL has run out at Options.AsOf are dead, counters merge shard by
// shard. Rows stream in token order, then clustering order, one row at a
// time: memory does not grow with partition size. Table.Splits cuts the
// token range into pieces found through Index.db, so one file is read by
// many workers; the splits' rows together are exactly a single scan's.
// Scan is the whole pipeline behind `quill scan`, writing JSON lines
// (Cassandra's SELECT JSON conventions) or CSV. Table.ReadStored is the
// lower-level view: one SSTable's partitions, rows and markers as stored,
// timestamps, TTLs and tombstones included.
//
// Writer is the other direction, quill's CQLSSTableWriter: it writes one
// SSTable of versions md, me, nb or oa (Data.db, Index.db with promoted
// row indexes, Summary.db, Statistics.db, Filter.db, CompressionInfo.db or
// CRC.db, Digest.crc32, TOC.txt) from rows given in partitioner order,
// streaming, in memory bounded by the index summary and the bloom filter.
// For the same cells, timestamps and delta bases its uncompressed Data.db,
// Index.db, Summary.db, Filter.db and Digest are the bytes Cassandra writes
// (see writer_bytes_test.go).
//
// Rules it enforces:
//   - Nothing read from a file is trusted: every length is checked against
//     the bytes left before it is used, every chunk and block is checked
//     against its CRC32 before it is decoded, and a file that ends early is
//     an error, never a short result. Errors about bad bytes are
//     *CorruptError values naming the file, the byte offset and what was
//     expected there.
//   - Each SSTable is decoded with its own serialization header and its
//     columns are matched by name to the schema; a mismatch is a
//     *SchemaError naming the SSTable's Statistics.db.
//   - The trie-indexed BTI format ('da') is not supported yet: opening it
//     fails with an error wrapping ErrUnsupported.
//
// The package imports nothing from quill except adapters/cassandra/cql, so
// it can be used on its own.
package sstable

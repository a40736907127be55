// Package cassandra groups quill's offline reader of Apache Cassandra
// SSTables. The work lives in two sub-packages that import nothing else from
// quill, so they can be used as a library on their own:
//
//   - cql parses CQL CREATE TYPE / CREATE TABLE statements into a table
//     schema and maps CQL types to warehouse (PostgreSQL) types;
//   - sstable reads the 'big' SSTable format of Cassandra 3.0 to 5.0 (ma … me,
//     na, nb, oa), merges any number of SSTables of one table as a read at
//     consistency ALL, splits the work by token range, and writes rows as
//     JSON lines or CSV.
package cassandra

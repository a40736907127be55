// Package extract reads rows out of OLTP databases (PostgreSQL through pgx,
// MySQL and MariaDB through go-sql-driver/mysql) for the runtime to land in
// the warehouse with adapters.Warehouse.LoadTemp, and compares a sample of
// what landed with the source afterwards (SampleDiff).
//
// Rules it enforces:
//   - Rows stream: a query's result is never buffered whole. PostgreSQL rows
//     come off the wire as pgx reads them; MySQL rows through the driver's
//     row cursor, in the binary protocol (a prepared statement), which keeps
//     every digit of FLOAT columns. Memory is bounded by one row plus the
//     drivers' buffers (measured: the Go heap grows ~3 MiB at its peak for
//     100k and for 1M rows alike; see memory_test.go).
//   - Column types are given as warehouse (PostgreSQL) type names, and values
//     as the Go types LoadTemp accepts: nil, bool, int64, float64, string,
//     []byte, time.Time (UTC); decimals as strings.
//   - Errors never carry the DSN or its password: drivers quote DSNs in
//     parse errors, so those are replaced, and every message is redacted.
//   - Values are always bound, never spliced into SQL; identifiers are
//     quoted for the dialect (double quotes on PostgreSQL, backticks on
//     MySQL).
//
// The package holds no global state: go-sql-driver/mysql registers itself
// with database/sql when imported, but this package opens connections
// through mysql.NewConnector and never by driver name.
package extract

// Package cassandra is the Cassandra Nostos store (store = "cassandra" in a
// sink, SPEC §7): a nostos.Store over gocql, so Export, Rollback, Prune and
// quill serve work on a cluster as they do on the embedded store.
//
// # Tables (keyspace K, all identifiers quoted, every value bound)
//
//	K.<dataset>_v<N>   one table per version:
//	    "key" text, "field" text, "value" text, "records" int static,
//	    PRIMARY KEY (("key"), "field")
//	K.nostos_versions  (dataset, version) → created, keys, rows, bytes,
//	    schema (nostos.Schema as JSON), state
//	K.nostos_active    dataset → active, last, writer (the lease)
//
// A key is a partition and a field a row, so reading one field is one
// single-partition, single-row read, and a field selection an IN on the
// clustering column of one partition. "value" is the field's JSON text as
// the embedded store keeps it (nostos.AppendValue), so a backend may read
// the table directly. "records" is a static column: 1 for a record, the
// list's length for collect = "list"; it also makes a key exist when the
// schema has no fields. With collect = "list", a field's value is the JSON
// array of that field across the key's records, in list order; records are
// rebuilt by index (assemble, projection.render). Keys are text: a key
// that is not UTF-8 is refused at write.
//
// Version tables are named <dataset>_v<N>; Cassandra limits names to 48
// bytes, so long dataset names are refused at Begin with that reason.
//
// # Atomicity
//
// The active version is the "active" cell of the dataset's nostos_active
// row. A commit is one write to that one row — a lightweight transaction
// (Paxos) conditional on the writer's lease, UPDATE … SET active = N WHERE
// dataset = ? IF writer = <me> — and Cassandra applies a single-row write
// atomically: a reader sees the old active version or the new one, never
// anything in between. The version's rows were all acknowledged at the
// store's consistency (LOCAL_QUORUM by default) before the flip, so a
// reader at that level finds every key of the version it was pointed to.
// The LWT, rather than a plain write, is what makes the flip safe against a
// second writer: the lease is itself a TTL'd cell of the same row taken
// with IF writer = null, and a writer that stalled past its TTL finds its
// commit not applied (fencing) instead of overwriting a newer pointer. A
// rollback is the same conditional write. Plain QUORUM reads of a Paxos
// row may briefly see the previous value while a flip is in flight (they
// do not complete Paxos rounds, SERIAL reads would); that is the "old
// version" side of the atomic choice, never a mix.
//
// Version numbers are allocated by writing "last" under the lease before
// anything else, so a number is never reused, even for a version that
// crashed, and nostos.NextVersion (Last+1) stays exact.
//
// # Crashes
//
// A version row is written ("writing") before its table is created; its
// counts are recorded ("ready") before the flip and it is marked
// "committed" after. Readers list committed versions (and a ready one only
// once active). The next Begin, under the lease, drops every other version
// (and any <dataset>_v<N> table no row names, from system_schema), so a
// crash at any instant leaves the previous version serving and is cleaned
// up by the next export; a dead writer's lease expires after LeaseTTL.
//
// # Writes
//
// A Write composes single-partition UNLOGGED batches (keyBatches; never
// multi-partition, which would cost a coordinator fan-out and defeat
// token-aware routing), at most BatchBytes each, and runs them through a
// pool of at most Concurrency goroutines on a token-aware session. Every
// data statement is an INSERT of fixed values, marked idempotent and
// retried with exponential backoff on errors that may pass (retryable);
// the lightweight transactions are not idempotent and run once, their
// outcome read back after a timeout. Count reads the keys back with SELECT
// DISTINCT over 64 token ranges, so the export's check counts what the
// cluster holds.
//
// # SSTable bulk path
//
// With Options.Bulk = "sstable", each Write becomes one SSTable
// (adapters/cassandra/sstable, format 'nb', the table schema parsed from
// the same CREATE TABLE) in <BulkDir>/<keyspace>/<table>/, and the first
// check streams them in with BulkLoad (sstableloader by default); the
// export's checks then read the cluster as on the CQL path.
//
// Everything sent as CQL comes from the pure functions of cql.go, and the
// batch composition, list encoding, retry classification and SSTable
// output are tested without a server; TestCluster runs the whole cycle when
// QUILL_TEST_CASSANDRA names hosts.
package cassandra

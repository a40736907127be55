// Package nostos stores versioned key-value datasets, the Nostos sinks of
// SPEC §7: Export writes a warehouse relation as version N+1 of a dataset,
// checks it, makes it active in one atomic step and drops the versions
// beyond keep; Rollback makes a kept version active again; Get reads one
// key, optionally only some of its fields, for the read API (package
// adapters/nostos/serve).
//
// Store is the seam for the stores of a sink; Embedded is the default, file
// backed one. (The Cassandra store, one table per version with a
// (key, field) primary key, is a later step.)
//
// # Why bbolt for the embedded store
//
// go.etcd.io/bbolt is pure Go (no cgo next to DuckDB's), one file per
// database, with ACID transactions and MVCC readers that never block the
// single writer — exactly "serve reads while apply writes the next
// version". Pebble, the alternative, is an LSM tree built for write-heavy
// mutable data; a version here is written once, in key order, and then only
// read, which is a B+tree's best case, and pebble costs ~20 MB of binary and
// minutes of build (LIBS.md §5).
//
// One bbolt file holds one version, not the whole store: bbolt takes an
// exclusive flock on a file opened for writing, so quill serve (another
// process) could not read a project-wide file while quill apply writes to
// it. With a file per version, serve reads committed files opened read-only
// while apply writes a new file, and:
//
//   - the commit is the atomic rename of the dataset's manifest.json naming
//     the new version active; a crash at any instant before it leaves the
//     previous manifest, hence the previous version, serving;
//   - a version file can be written without an fsync per transaction (one
//     sync before the commit), because an incomplete one is never named by
//     the manifest and is deleted by the next writer; the served file is
//     never opened for writing, so a crash cannot damage it;
//   - dropping a version deletes a file, which returns its space to the
//     filesystem at once (bbolt never shrinks a file);
//   - a reader holding an old version open keeps reading it after the drop
//     (the inode lives until closed), and a reader that finds a version gone
//     re-reads the manifest, so readers racing with apply see no error.
//
// # Rules
//
//   - Values are rendered to JSON at export time, one JSON value per field
//     (codec.go); reads splice bytes and never decode.
//   - Keys are text (key.go); composite keys join their parts with ",".
//   - Memory during an export is bounded by Spec.SortBytes plus one store
//     batch, not by the relation's size: rows are sorted through spilled
//     runs (sort.go).
//   - One writer per dataset at a time (a flock on the dataset's .lock,
//     released by the kernel when a process dies).
//   - No global state; every blocking call takes a context first.
package nostos

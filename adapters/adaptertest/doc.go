// Package adaptertest holds the conformance suite that every
// adapters.Warehouse implementation runs in its own tests (Run), and helpers
// that give tests a real PostgreSQL server (Postgres, PostgresDB).
//
// The suite talks to real databases only: an adapter passes when what it
// does is visible through its own Query and Relations, not when it sent the
// expected SQL. Tests that need PostgreSQL read the server's DSN from
// QUILL_TEST_POSTGRES; without it they skip, except under CI=true, where a
// skip would hide a failure and so fails instead.
package adaptertest

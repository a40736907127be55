// Package postgres is the adapters.Warehouse for PostgreSQL over a pgx/v5
// connection pool, and its Redshift flavour (OpenRedshift), which speaks the
// same protocol but bulk-loads through S3: gzip CSV parts, a manifest, then
// COPY … MANIFEST (redshift*.go).
//
// FIXME: the Redshift flavour reuses PostgreSQL's apply lock (advisory
// locks) and view-preserving swap (pg_depend), which Redshift lacks; it has
// not been run against a Redshift cluster yet.
//
// Rules it enforces:
//   - Identifiers are always quoted with adapters.QuoteIdent and values are
//     always bound ($1, $2, …), never spliced into SQL.
//   - Errors never carry the DSN or its password: every error leaving the
//     package has them redacted (the wrapped pgx error stays reachable with
//     errors.As for SQLSTATE checks).
//   - PostgreSQL binds views to table OIDs, so replacing a table would drop
//     (CASCADE) or break the views built on it. Swap and CreateView capture
//     the definitions of every view that transitively depends on the old
//     relation and recreate them, in dependency order and under their
//     names, in the same transaction.
//   - The apply lock is a session-level advisory lock held by a dedicated
//     connection: if the process dies the connection closes and the server
//     frees the lock, so a killed apply never leaves a stale lock.
//   - Statements are never cached as prepared statements: quill replaces
//     tables all the time, which would make cached plans fail with "cached
//     plan must not change result type".
package postgres

package cassandra

import (
	"fmt"
	"strconv"
	"strings"
)

// Every CQL text the store sends is built here, from validated identifiers
// only; values are always bound (?), never spliced. The functions are pure
// so that golden tests (testdata/*.cql) pin the exact statements without a
// server.

// maxNameLen is Cassandra's limit on keyspace and table names
// (SchemaConstants.NAME_LENGTH).
const maxNameLen = 48

// Column names of the tables this store creates.
const (
	colKey     = "key"
	colField   = "field"
	colValue   = "value"
	colRecords = "records"
)

// Version states in nostos_versions. A version is "writing" from Begin
// until its checks pass; "ready" once complete and checked, with its counts
// recorded, just before the active pointer flips; "committed" after the
// flip; "dropping" while Prune or a cleanup removes its table. Readers list
// committed versions, and a ready one only if it is already active (a crash
// between the flip and the state update); cleanup drops every other one.
const (
	stateWriting   = "writing"
	stateReady     = "ready"
	stateCommitted = "committed"
	stateDropping  = "dropping"
)

// validIdent reports whether s can name a keyspace or table: letters,
// digits and "_", starting with a letter, at most 48 bytes — the rule
// Cassandra applies to unquoted names. Quoting (quoteIdent) then only keeps
// the case.
func validIdent(s string) bool {
	if s == "" || len(s) > maxNameLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		letter := (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
		if !letter && (i == 0 || (c != '_' && (c < '0' || c > '9'))) {
			return false
		}
	}
	return true
}

// quoteIdent quotes an identifier for CQL, doubling embedded quotes (none
// pass validIdent, but quoting must be safe whatever it is given).
func quoteIdent(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// qualified is "keyspace"."table".
func qualified(keyspace, table string) string {
	return quoteIdent(keyspace) + "." + quoteIdent(table)
}

// versionTable names a version's table: <dataset>_v<N>. It fails when the
// name would not be a valid Cassandra table name (too long, or a dataset
// name Cassandra refuses).
func versionTable(dataset string, version int) (string, error) {
	if version <= 0 {
		return "", fmt.Errorf("version %d: versions start at 1", version)
	}
	name := dataset + "_v" + strconv.Itoa(version)
	if !validIdent(name) {
		return "", fmt.Errorf("dataset %q: table %q is not a valid Cassandra table name (letters, digits, _; at most %d bytes with the _v<N> suffix)", dataset, name, maxNameLen)
	}
	return name, nil
}

// parseVersionTable returns the version of a table named by versionTable
// for dataset, so that cleanup finds orphaned tables in system_schema.
// Dataset "a" does not claim "a_v1_v3" (dataset "a_v1"): the suffix must be
// digits only.
func parseVersionTable(dataset, table string) (int, bool) {
	rest, ok := strings.CutPrefix(table, dataset+"_v")
	if !ok || rest == "" || rest[0] == '0' {
		return 0, false
	}
	for i := 0; i < len(rest); i++ {
		if rest[i] < '0' || rest[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.Atoi(rest)
	return n, err == nil
}

// cqlText is the CQL of every statement of a store in one keyspace. The
// metadata statements do not depend on the dataset (it is bound), the data
// statements take the version's table.
type cqlText struct{ ks string }

// createKeyspace is used by tests and by Options.CreateKeyspace; production
// keyspaces are the operator's (their replication is a deployment choice).
func (c cqlText) createKeyspace(replicationFactor int) string {
	return fmt.Sprintf("CREATE KEYSPACE IF NOT EXISTS %s WITH replication = {'class': 'SimpleStrategy', 'replication_factor': %d}",
		quoteIdent(c.ks), replicationFactor)
}

// createVersions is the metadata table: one partition per dataset, newest
// version first, so that describing a dataset is one partition read.
func (c cqlText) createVersions() string {
	return "CREATE TABLE IF NOT EXISTS " + qualified(c.ks, "nostos_versions") + ` (
	"dataset" text,
	"version" int,
	"created" timestamp,
	"keys" bigint,
	"rows" bigint,
	"bytes" bigint,
	"schema" text,
	"state" text,
	PRIMARY KEY (("dataset"), "version")
) WITH CLUSTERING ORDER BY ("version" DESC)`
}

// createActive is the pointer table: one row per dataset holding the active
// version, the highest version number ever allocated, and the writer lease.
// Every write to it is a lightweight transaction (see doc.go).
func (c cqlText) createActive() string {
	return "CREATE TABLE IF NOT EXISTS " + qualified(c.ks, "nostos_active") + ` (
	"dataset" text PRIMARY KEY,
	"active" int,
	"last" int,
	"writer" text
)`
}

// createVersionTable is one version's table: a partition per key, a row per
// field, and the static column records (1 for a record, the list length for
// collect = "list") that makes a key exist even with no fields and lets a
// list be rebuilt from its per-field arrays.
func (c cqlText) createVersionTable(table string) string {
	return "CREATE TABLE IF NOT EXISTS " + qualified(c.ks, table) + ` (
	"key" text,
	"field" text,
	"value" text,
	"records" int static,
	PRIMARY KEY (("key"), "field")
) WITH compaction = {'class': 'LeveledCompactionStrategy'}`
}

func (c cqlText) dropTable(table string) string {
	return "DROP TABLE IF EXISTS " + qualified(c.ks, table)
}

// insertRecords writes a key's static column; insertField one field.
func (c cqlText) insertRecords(table string) string {
	return "INSERT INTO " + qualified(c.ks, table) + ` ("key", "records") VALUES (?, ?)`
}

func (c cqlText) insertField(table string) string {
	return "INSERT INTO " + qualified(c.ks, table) + ` ("key", "field", "value") VALUES (?, ?, ?)`
}

// selectKey reads a whole key; selectFields only some fields (an IN on the
// clustering column inside one partition: still one partition read).
func (c cqlText) selectKey(table string) string {
	return `SELECT "records", "field", "value" FROM ` + qualified(c.ks, table) + ` WHERE "key" = ?`
}

func (c cqlText) selectFields(table string, n int) string {
	return `SELECT "records", "field", "value" FROM ` + qualified(c.ks, table) +
		` WHERE "key" = ? AND "field" IN (` + placeholders(n) + `)`
}

// countRange counts the keys of one token range: SELECT DISTINCT reads only
// partition keys (and static columns), never the field rows.
func (c cqlText) countRange(table string) string {
	return `SELECT DISTINCT "key" FROM ` + qualified(c.ks, table) + ` WHERE token("key") >= ? AND token("key") <= ?`
}

func (c cqlText) insertVersion() string {
	return "INSERT INTO " + qualified(c.ks, "nostos_versions") +
		` ("dataset", "version", "created", "schema", "state") VALUES (?, ?, ?, ?, ?)`
}

func (c cqlText) commitVersion() string {
	return "UPDATE " + qualified(c.ks, "nostos_versions") +
		` SET "keys" = ?, "rows" = ?, "bytes" = ?, "created" = ?, "state" = ? WHERE "dataset" = ? AND "version" = ?`
}

func (c cqlText) setVersionState() string {
	return "UPDATE " + qualified(c.ks, "nostos_versions") + ` SET "state" = ? WHERE "dataset" = ? AND "version" = ?`
}

func (c cqlText) deleteVersion() string {
	return "DELETE FROM " + qualified(c.ks, "nostos_versions") + ` WHERE "dataset" = ? AND "version" = ?`
}

func (c cqlText) selectVersions() string {
	return `SELECT "version", "created", "keys", "rows", "bytes", "schema", "state" FROM ` +
		qualified(c.ks, "nostos_versions") + ` WHERE "dataset" = ?`
}

func (c cqlText) selectActive() string {
	return `SELECT "active", "last" FROM ` + qualified(c.ks, "nostos_active") + ` WHERE "dataset" = ?`
}

func (c cqlText) selectAllActive() string {
	return `SELECT "dataset", "active", "last" FROM ` + qualified(c.ks, "nostos_active")
}

// ensureActive creates a dataset's pointer row (active 0: none yet) so that
// the lease's IF "writer" = null has a row to test.
func (c cqlText) ensureActive() string {
	return "INSERT INTO " + qualified(c.ks, "nostos_active") + ` ("dataset", "active", "last") VALUES (?, 0, 0) IF NOT EXISTS`
}

// acquireLease takes the writer lease; renewLease extends it; the TTL is
// bound, so a writer that dies releases it when the TTL runs out.
func (c cqlText) acquireLease() string {
	return "UPDATE " + qualified(c.ks, "nostos_active") + ` USING TTL ? SET "writer" = ? WHERE "dataset" = ? IF "writer" = null`
}

func (c cqlText) renewLease() string {
	return "UPDATE " + qualified(c.ks, "nostos_active") + ` USING TTL ? SET "writer" = ? WHERE "dataset" = ? IF "writer" = ?`
}

func (c cqlText) releaseLease() string {
	return "UPDATE " + qualified(c.ks, "nostos_active") + ` SET "writer" = null WHERE "dataset" = ? IF "writer" = ?`
}

// allocate records a new version number as used; setActive flips the
// active pointer. Both are conditional on holding the lease, which fences a
// writer whose lease expired.
func (c cqlText) allocate() string {
	return "UPDATE " + qualified(c.ks, "nostos_active") + ` SET "last" = ? WHERE "dataset" = ? IF "writer" = ?`
}

func (c cqlText) setActive() string {
	return "UPDATE " + qualified(c.ks, "nostos_active") + ` SET "active" = ? WHERE "dataset" = ? IF "writer" = ?`
}

// selectTables lists the keyspace's tables, to find version tables no
// metadata row names (a crash between CREATE TABLE and its row).
func (c cqlText) selectTables() string {
	return `SELECT table_name FROM system_schema.tables WHERE keyspace_name = ?`
}

func placeholders(n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat("?, ", n-1) + "?"
}

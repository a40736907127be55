package adapters

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/quill-etl/quill/models"
)

// RelName is a physical relation name in a warehouse.
type RelName struct {
	Schema string
	Name   string
}

// String renders schema.name unquoted (for messages and state keys).
func (r RelName) String() string { return r.Schema + "." + r.Name }

// Quoted renders "schema"."name" with identifiers quoted for SQL.
func (r RelName) Quoted() string { return QuoteIdent(r.Schema) + "." + QuoteIdent(r.Name) }

// ParseRelName splits "schema.name".
func ParseRelName(s string) RelName {
	sch, n := models.Relation(s)
	return RelName{Schema: sch, Name: n}
}

// QuoteIdent quotes an SQL identifier, doubling embedded quotes; valid in
// PostgreSQL, Redshift and DuckDB.
func QuoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// RelationInfo describes a relation that exists in the warehouse.
type RelationInfo struct {
	Rel  RelName
	Kind string // "table" or "view"
}

// Result is a fully read query result; for small results only (state, checks).
// Values are normalised Go types: nil, bool, int64, float64, string, []byte,
// time.Time; decimals are rendered as strings.
type Result struct {
	Columns []string
	Rows    [][]any
}

// Rows is a streamed query result: a RowSource that knows its columns and
// must be closed. Values are normalised like Result's.
type Rows interface {
	RowSource
	Columns() []string
	Close() error
}

// ReadAll reads every row of rows into a Result and closes rows.
func ReadAll(rows Rows) (*Result, error) {
	defer rows.Close()
	res := &Result{Columns: rows.Columns()}
	for {
		vals, err := rows.Next()
		if errors.Is(err, io.EOF) {
			return res, nil
		}
		if err != nil {
			return nil, err
		}
		res.Rows = append(res.Rows, vals)
	}
}

// RowSource yields rows for a bulk load; Next returns io.EOF after the last row.
// Values are nil, bool, int64, float64, string, []byte or time.Time.
type RowSource interface {
	Next() ([]any, error)
}

// Extract is a running read of a source's rows (an OLTP query, a Cassandra
// SSTable scan) for landing in the warehouse through LoadTemp. Next is
// called from one goroutine. The caller closes it.
type Extract interface {
	RowSource
	// Columns are the rows' columns with warehouse types.
	Columns() []models.Column
	// Count is the number of rows Next has returned so far.
	Count() int64
	Close() error
}

// CopySource is implemented by extracts that can hand over their rows already
// encoded in PostgreSQL's COPY text format (a PostgreSQL source runs COPY
// (query) TO STDOUT), so that a CopyLoader can load them without decoding
// and re-encoding each value. In that format every row ends with exactly one
// newline (newlines inside values are escaped), so rows are counted exactly
// by counting newlines.
type CopySource interface {
	// CopyText writes every row of the extract to w in COPY text format
	// (tab-separated, \N for NULL, one newline after each row, no header),
	// in UTF-8, with values in forms any PostgreSQL server reads back the
	// same: ISO dates, UTC timestamps, full-precision floats. It returns the
	// number of rows written, which the extract's Count reports afterwards.
	// It is called at most once, instead of Next, never after it; ctx covers
	// the whole read.
	CopyText(ctx context.Context, w io.Writer) (int64, error)
}

// CopyLoader is implemented by warehouses that can load COPY text as it is
// (PostgreSQL). The runtime uses it instead of LoadTemp when the extract is a
// CopySource; everything else (the landed-count check, the sampled diff,
// gates, the swap) stays the same.
type CopyLoader interface {
	// LoadCopyText is LoadTemp for a CopySource: it creates the temporary
	// table with cols and streams src.CopyText into COPY … FROM STDIN, with
	// memory bounded by a few buffers. Temp.Rows is the count the warehouse
	// reports; the extract's Count is what src wrote. On failure the table
	// is dropped.
	LoadCopyText(ctx context.Context, rel RelName, cols []models.Column, src CopySource) (Temp, error)
}

// Verifier is implemented by extracts that can compare what landed with
// their source (the sampled diff of SPEC §5).
type Verifier interface {
	// Verify compares a sample of the rows landed in rel with the source,
	// matching rows by key.
	Verify(ctx context.Context, wh Warehouse, rel RelName, key []string) (Verification, error)
}

// Verification is the outcome of a sampled diff.
type Verification struct {
	Sampled    int
	Mismatched int // sampled rows where a column differs
	Missing    int // sampled keys one side no longer has
	Examples   []map[string]any
}

// Temp is a relation built under a temporary name, waiting to be swapped in
// place of Rel (or dropped).
type Temp struct {
	Rel  RelName // the relation it will replace
	Tmp  RelName // where it lives now
	Rows int64   // rows written
}

// Warehouse runs SQL against a target database (duckdb, postgres, redshift).
// A Warehouse is safe for concurrent use by the runtime's workers.
type Warehouse interface {
	// Dialect returns "duckdb" or "postgres".
	Dialect() string
	// Exec runs a statement with bound arguments ($1, $2, ...).
	Exec(ctx context.Context, sql string, args ...any) error
	// Query runs a query and reads every row.
	Query(ctx context.Context, sql string, args ...any) (*Result, error)
	// Stream runs a query and returns its rows one at a time, for results
	// too big to hold (exports). ctx covers the whole read; the caller
	// closes the Rows.
	Stream(ctx context.Context, sql string, args ...any) (Rows, error)
	// Relations lists the tables and views that exist in the given schemas.
	Relations(ctx context.Context, schemas []string) ([]RelationInfo, error)
	// EnsureSchema creates a schema when it does not exist.
	EnsureSchema(ctx context.Context, schema string) error
	// BuildTemp runs CREATE TABLE <tmp> AS <selectSQL> under a temporary name in
	// rel's schema. Nothing visible under rel changes.
	BuildTemp(ctx context.Context, rel RelName, selectSQL string) (Temp, error)
	// LoadTemp creates a temporary table with the given columns (name and
	// warehouse type) and bulk-loads rows into it through the fastest path the
	// warehouse has (COPY, appender). Nothing visible under rel changes.
	LoadTemp(ctx context.Context, rel RelName, cols []models.Column, rows RowSource) (Temp, error)
	// Swap replaces t.Rel (a table, a view, or nothing) with t.Tmp in one
	// transaction. Views that depend on the old relation keep working.
	Swap(ctx context.Context, t Temp) error
	// DropTemp drops a temporary relation that will not be swapped.
	DropTemp(ctx context.Context, t Temp) error
	// Merge applies the rows of t.Tmp to the existing table t.Rel in one
	// transaction: rows of t.Rel whose key columns equal those of a row of
	// t.Tmp are deleted, then every row of t.Tmp is inserted (no key: a plain
	// append). check runs inside the transaction, after the merge, and sees
	// the merged t.Rel (and t.Tmp); an error from it rolls everything back.
	// t.Tmp is dropped in every case.
	Merge(ctx context.Context, t Temp, key []string, check func(ctx context.Context, q Querier, s MergeStats) error) (MergeStats, error)
	// CreateView creates or replaces rel as a view of selectSQL in one
	// transaction, whatever rel was before (table, view, nothing).
	CreateView(ctx context.Context, rel RelName, selectSQL string) error
	// Drop drops rel (table or view) if it exists.
	Drop(ctx context.Context, rel RelName) error
	// CleanupTemps drops every temporary relation quill left in the given
	// schemas (after a crash) and returns their names.
	CleanupTemps(ctx context.Context, schemas []string) ([]RelName, error)
	// Lock takes the target-wide apply lock, held until release is called. When
	// the lock is busy it calls waiting once, then blocks until the lock is free
	// or ctx is done.
	Lock(ctx context.Context, waiting func()) (release func() error, err error)
	// IsTransient reports whether err is worth retrying (lost connection,
	// serialisation failure, deadlock, throttling).
	IsTransient(err error) bool
	// Close releases every connection.
	Close() error
}

// Querier runs read queries; a Warehouse is one, and so is the transaction
// Merge hands its check.
type Querier interface {
	Query(ctx context.Context, sql string, args ...any) (*Result, error)
}

// MergeStats counts what a Merge did.
type MergeStats struct {
	Before   int64 // rows of t.Rel before the merge
	Deleted  int64 // rows of t.Rel replaced because their key came again
	Inserted int64 // rows of t.Tmp inserted
}

// MergeSQL returns the statements of a merge: delete the rows of t.Rel whose
// key matches a row of t.Tmp (empty without a key), then insert the given
// columns of t.Tmp. Identifiers are quoted; there are no values.
func MergeSQL(t Temp, cols, key []string) (del, ins string) {
	if len(key) > 0 {
		conds := make([]string, len(key))
		for i, k := range key {
			conds[i] = QuoteIdent(t.Rel.Name) + "." + QuoteIdent(k) + " = s." + QuoteIdent(k)
		}
		del = "DELETE FROM " + t.Rel.Quoted() + " WHERE EXISTS (SELECT 1 FROM " + t.Tmp.Quoted() + " AS s WHERE " +
			strings.Join(conds, " AND ") + ")"
	}
	q := make([]string, len(cols))
	for i, c := range cols {
		q[i] = QuoteIdent(c)
	}
	list := strings.Join(q, ", ")
	ins = "INSERT INTO " + t.Rel.Quoted() + " (" + list + ") SELECT " + list + " FROM " + t.Tmp.Quoted()
	return del, ins
}

// DropTemps drops every relation of the given schemas whose name starts
// with TempPrefix (what a crashed run left behind) and returns their names;
// warehouses implement CleanupTemps with it.
func DropTemps(ctx context.Context, w interface {
	Relations(ctx context.Context, schemas []string) ([]RelationInfo, error)
	Drop(ctx context.Context, rel RelName) error
}, schemas []string) ([]RelName, error) {
	rels, err := w.Relations(ctx, schemas)
	if err != nil {
		return nil, err
	}
	var dropped []RelName
	for _, r := range rels {
		if !strings.HasPrefix(r.Rel.Name, TempPrefix) {
			continue
		}
		if err := w.Drop(ctx, r.Rel); err != nil {
			return dropped, err
		}
		dropped = append(dropped, r.Rel)
	}
	return dropped, nil
}

// TempPrefix starts the name of every temporary relation quill creates; no
// user relation may start with it.
const TempPrefix = "__quill_tmp_"

// maxIdent is PostgreSQL's identifier length limit (NAMEDATALEN-1), the
// smallest of the supported warehouses; longer names are silently truncated
// there, which would make two temporary names collide.
const maxIdent = 63

// TempName returns a fresh temporary relation name for a relation called name:
// TempPrefix + name + "_" + 8 random hex digits. The name part is cut (on a
// UTF-8 boundary) so that the result fits in 63 bytes; the random suffix keeps
// two builds of one relation apart even when a crashed run left one behind.
func TempName(name string) string {
	var b [4]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	keep := maxIdent - len(TempPrefix) - 1 - 2*len(b)
	if len(name) > keep {
		name = name[:keep]
		for len(name) > 0 && !utf8.ValidString(name) {
			name = name[:len(name)-1]
		}
	}
	return TempPrefix + name + "_" + hex.EncodeToString(b[:])
}

package cassandra

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/gocql/gocql"
	"github.com/quill-etl/quill/adapters/nostos"
)

// Bulk modes of Options.Bulk.
const (
	BulkCQL     = ""        // INSERTs through the driver (the default)
	BulkSSTable = "sstable" // SSTables written locally, then loaded by sstableloader
)

// Options configure Open.
type Options struct {
	Hosts    []string // contact points, host or host:port
	Keyspace string   // must exist unless CreateKeyspace is set
	// Consistency of every read and write (default LOCAL_QUORUM): a
	// version's rows are written at it before the active pointer flips, so
	// readers at the same level see a complete version.
	Consistency gocql.Consistency
	// Concurrency bounds the statements in flight per writer (default 32).
	Concurrency int
	// BatchBytes bounds an unlogged batch's bound bytes (default 32 KiB).
	BatchBytes int
	// Backoff is the retry schedule of idempotent statements.
	Backoff Backoff
	// LeaseTTL is how long a dead writer keeps its dataset locked (default
	// 60 s); a live writer renews its lease every third of it.
	LeaseTTL time.Duration
	// MetaTTL is how long Get trusts the active pointer it read (default
	// 1 s): a rollback made elsewhere is served within it.
	MetaTTL time.Duration
	// Timeout is the per-request timeout (default 10 s).
	Timeout time.Duration
	// CreateKeyspace, when > 0, creates the keyspace with SimpleStrategy
	// and this replication factor (tests, single-DC trials).
	CreateKeyspace int
	// Bulk is BulkCQL or BulkSSTable; with BulkSSTable, BulkDir is where
	// the SSTables are written (<BulkDir>/<keyspace>/<table>/) and BulkLoad
	// streams them into the cluster (default: sstableloader -d <hosts>).
	Bulk     string
	BulkDir  string
	BulkLoad func(ctx context.Context, dir string) error
}

func (o *Options) fill() error {
	if len(o.Hosts) == 0 {
		return errors.New("cassandra store: no hosts")
	}
	if !validIdent(o.Keyspace) {
		return fmt.Errorf("cassandra store: keyspace %q: want letters, digits and _, at most %d bytes", o.Keyspace, maxNameLen)
	}
	if o.Consistency == 0 {
		o.Consistency = gocql.LocalQuorum
	}
	if o.Concurrency <= 0 {
		o.Concurrency = 32
	}
	if o.BatchBytes <= 0 {
		o.BatchBytes = defaultBatchBytes
	}
	if o.Backoff.Attempts <= 0 {
		o.Backoff = defaultBackoff
	}
	if o.LeaseTTL <= 0 {
		o.LeaseTTL = time.Minute
	}
	if o.MetaTTL <= 0 {
		o.MetaTTL = time.Second
	}
	if o.Timeout <= 0 {
		o.Timeout = 10 * time.Second
	}
	switch o.Bulk {
	case BulkCQL:
	case BulkSSTable:
		if o.BulkDir == "" {
			return errors.New(`cassandra store: bulk = "sstable" needs a directory for the SSTables`)
		}
		if o.BulkLoad == nil {
			o.BulkLoad = sstableloader(o.Hosts)
		}
	default:
		return fmt.Errorf(`cassandra store: bulk %q: want "" or "sstable"`, o.Bulk)
	}
	return nil
}

// Store is the Cassandra Nostos store (see doc.go). It is safe for
// concurrent use; Close closes its session.
type Store struct {
	sess  *gocql.Session
	q     cqlText
	opts  Options
	owner string // this process's lease identity

	mu    sync.Mutex
	metas map[string]*meta // Get's cache of active pointers and schemas
}

// meta is what Get knows of a dataset: its active version and the schemas
// of its readable versions, as of at.
type meta struct {
	active   int
	versions map[int]nostos.Schema
	at       time.Time
}

var _ nostos.Store = (*Store)(nil)

// Open connects to the cluster and creates the metadata tables if needed.
// ctx bounds the setup statements; the session lives until Close.
func Open(ctx context.Context, o Options) (*Store, error) {
	if err := o.fill(); err != nil {
		return nil, err
	}
	c := gocql.NewCluster(o.Hosts...)
	c.Consistency = o.Consistency
	c.Timeout = o.Timeout
	// Token-aware routing sends each single-partition statement or batch to
	// a replica of its key (the batch's routing key is its first
	// statement's), saving the coordinator hop.
	c.PoolConfig.HostSelectionPolicy = gocql.TokenAwareHostPolicy(gocql.RoundRobinHostPolicy())
	// No driver retries: retry() retries idempotent statements only.
	c.RetryPolicy = &gocql.SimpleRetryPolicy{NumRetries: 0}
	sess, err := c.CreateSession()
	if err != nil {
		return nil, fmt.Errorf("cassandra store %s: %w", strings.Join(o.Hosts, ","), err)
	}
	s := &Store{sess: sess, q: cqlText{ks: o.Keyspace}, opts: o, owner: newOwner(), metas: map[string]*meta{}}
	var ddl []string
	if o.CreateKeyspace > 0 {
		ddl = append(ddl, s.q.createKeyspace(o.CreateKeyspace))
	}
	for _, st := range append(ddl, s.q.createVersions(), s.q.createActive()) {
		if err := s.exec(ctx, st); err != nil {
			sess.Close()
			return nil, fmt.Errorf("cassandra store: %w", err)
		}
	}
	return s, nil
}

// newOwner names this writer in leases: host, pid and a random suffix, so
// two stores in one process never share a lease.
func newOwner() string {
	host, _ := os.Hostname()
	var b [6]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("%s:%d:%s", host, os.Getpid(), hex.EncodeToString(b[:]))
}

// Close closes the session.
func (s *Store) Close() error {
	s.sess.Close()
	return nil
}

// query builds an idempotent-or-not query with the store's consistency.
func (s *Store) query(ctx context.Context, cql string, idempotent bool, args ...any) *gocql.Query {
	return s.sess.Query(cql, args...).WithContext(ctx).Consistency(s.opts.Consistency).Idempotent(idempotent)
}

// exec runs an idempotent statement with retries (DDL with IF [NOT]
// EXISTS, plain INSERT/UPDATE/DELETE of fixed values).
func (s *Store) exec(ctx context.Context, cql string, args ...any) error {
	return retry(ctx, s.opts.Backoff, true, func(ctx context.Context) error {
		return s.query(ctx, cql, true, args...).Exec()
	})
}

// cas runs a lightweight transaction once (its outcome after a timeout is
// unknown, so the callers check the state instead of retrying blindly) and
// reports whether it applied.
func (s *Store) cas(ctx context.Context, cql string, args ...any) (bool, error) {
	ok, _, err := s.casRow(ctx, cql, args...)
	return ok, err
}

// casRow is cas returning, when it did not apply, the current values of
// the columns in its condition.
func (s *Store) casRow(ctx context.Context, cql string, args ...any) (bool, map[string]any, error) {
	cur := map[string]any{}
	ok, err := s.query(ctx, cql, false, args...).SerialConsistency(gocql.LocalSerial).MapScanCAS(cur)
	return ok, cur, err
}

// pointer reads a dataset's active row; ok is false when it has none.
func (s *Store) pointer(ctx context.Context, dataset string) (active, last int, ok bool, err error) {
	err = retry(ctx, s.opts.Backoff, true, func(ctx context.Context) error {
		e := s.query(ctx, s.q.selectActive(), true, dataset).Scan(&active, &last)
		if errors.Is(e, gocql.ErrNotFound) {
			return nil
		}
		ok = e == nil
		return e
	})
	return active, last, ok, err
}

// versionRow is a nostos_versions row.
type versionRow struct {
	nostos.Version
	State string
}

// versionRows reads every version row of a dataset, newest first.
func (s *Store) versionRows(ctx context.Context, dataset string) ([]versionRow, error) {
	var out []versionRow
	err := retry(ctx, s.opts.Backoff, true, func(ctx context.Context) error {
		out = out[:0]
		it := s.query(ctx, s.q.selectVersions(), true, dataset).Iter()
		var v versionRow
		var schema string
		for it.Scan(&v.Version.Version, &v.Created, &v.Keys, &v.Rows, &v.Bytes, &schema, &v.State) {
			v.Schema = nostos.Schema{}
			if schema != "" {
				if err := json.Unmarshal([]byte(schema), &v.Schema); err != nil {
					it.Close()
					return fmt.Errorf("dataset %s v%d: schema: %w", dataset, v.Version.Version, err)
				}
			}
			v.Created = v.Created.UTC()
			out = append(out, v)
		}
		return it.Close()
	})
	return out, err
}

// readable reports whether readers may see a version: committed, or ready
// and already active (a crash between the flip and the state update).
func readable(v versionRow, active int) bool {
	return v.State == stateCommitted || (v.State == stateReady && v.Version.Version == active)
}

// Dataset describes one dataset from its pointer and version rows.
func (s *Store) Dataset(ctx context.Context, name string) (nostos.Dataset, error) {
	if !nostos.ValidName(name) {
		return nostos.Dataset{}, fmt.Errorf("%w %q", nostos.ErrBadName, name)
	}
	active, last, ok, err := s.pointer(ctx, name)
	if err != nil {
		return nostos.Dataset{}, err
	}
	if !ok || active == 0 {
		return nostos.Dataset{}, fmt.Errorf("%w %q", nostos.ErrNoDataset, name)
	}
	rows, err := s.versionRows(ctx, name)
	if err != nil {
		return nostos.Dataset{}, err
	}
	d := nostos.Dataset{Name: name, Active: active, Last: last}
	for _, r := range rows {
		if readable(r, active) {
			r.Active = r.Version.Version == active
			d.Versions = append(d.Versions, r.Version)
		}
	}
	return d, nil
}

// Datasets lists the datasets with an active version, by name.
func (s *Store) Datasets(ctx context.Context) ([]nostos.Dataset, error) {
	var names []string
	err := retry(ctx, s.opts.Backoff, true, func(ctx context.Context) error {
		names = names[:0]
		it := s.query(ctx, s.q.selectAllActive(), true).Iter()
		var name string
		var active, last int
		for it.Scan(&name, &active, &last) {
			if active > 0 {
				names = append(names, name)
			}
		}
		return it.Close()
	})
	if err != nil {
		return nil, err
	}
	slices.Sort(names)
	var out []nostos.Dataset
	for _, n := range names {
		d, err := s.Dataset(ctx, n)
		if errors.Is(err, nostos.ErrNoDataset) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// meta returns Get's view of a dataset, re-read after MetaTTL or when
// fresh is set.
func (s *Store) meta(ctx context.Context, dataset string, fresh bool) (*meta, error) {
	s.mu.Lock()
	m := s.metas[dataset]
	s.mu.Unlock()
	if m != nil && !fresh && time.Since(m.at) < s.opts.MetaTTL {
		return m, nil
	}
	d, err := s.Dataset(ctx, dataset)
	if err != nil {
		return nil, err
	}
	m = &meta{active: d.Active, versions: map[int]nostos.Schema{}, at: time.Now()}
	for _, v := range d.Versions {
		m.versions[v.Version] = v.Schema
	}
	s.mu.Lock()
	s.metas[dataset] = m
	s.mu.Unlock()
	return m, nil
}

// Get reads one key of a version (0: the active one). A version dropped
// after the cached pointer was read (a rollback and prune elsewhere) makes
// it re-read the pointer once.
func (s *Store) Get(ctx context.Context, dataset, key string, fields []string, version int) (nostos.Item, error) {
	for attempt := 0; ; attempt++ {
		m, err := s.meta(ctx, dataset, attempt > 0)
		if err != nil {
			return nostos.Item{}, err
		}
		want := version
		if want == 0 {
			want = m.active
		}
		sc, ok := m.versions[want]
		if !ok {
			return nostos.Item{}, fmt.Errorf("%w %d of %s", nostos.ErrNoVersion, want, dataset)
		}
		p, err := newProjection(sc, fields)
		if err != nil {
			return nostos.Item{}, err
		}
		canon, err := nostos.CanonicalKey(key, len(sc.Key))
		if err != nil {
			return nostos.Item{}, fmt.Errorf("%w: %v", nostos.ErrNoKey, err)
		}
		table, _ := versionTable(dataset, want)
		records, got, err := s.readKey(ctx, table, canon, p.names())
		if err == nil {
			js, err := p.render(records, got, sc.Collect == nostos.CollectList)
			return nostos.Item{Version: want, JSON: js}, err
		}
		if attempt > 0 || !droppedTable(err) {
			return nostos.Item{}, err
		}
	}
}

// droppedTable reports the error of reading a table that no longer exists.
func droppedTable(err error) bool {
	var re gocql.RequestError
	return errors.As(err, &re) && re.Code() == gocql.ErrCodeInvalid && strings.Contains(re.Message(), "unconfigured table")
}

// readKey reads a key's rows (only fields, when not nil): its records count
// and field → stored JSON. nostos.ErrNoKey when the key has no partition.
func (s *Store) readKey(ctx context.Context, table, key string, fields []string) (records int, got map[string]string, err error) {
	cql, args := s.q.selectKey(table), []any{key}
	if fields != nil {
		cql = s.q.selectFields(table, len(fields))
		for _, f := range fields {
			args = append(args, f)
		}
	}
	err = retry(ctx, s.opts.Backoff, true, func(ctx context.Context) error {
		got, records = map[string]string{}, 0
		it := s.query(ctx, cql, true, args...).Iter()
		var n int
		var field, value string
		found := false
		for it.Scan(&n, &field, &value) {
			found, records = true, n
			if field != "" {
				got[field] = value
			}
		}
		if err := it.Close(); err != nil {
			return err
		}
		if !found {
			return nostos.ErrNoKey
		}
		return nil
	})
	if errors.Is(err, nostos.ErrNoKey) {
		return 0, nil, fmt.Errorf("%w %q", nostos.ErrNoKey, key)
	}
	return records, got, err
}

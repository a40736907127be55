package cassandra

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sync/atomic"
	"time"

	"github.com/gocql/gocql"
	"github.com/quill-etl/quill/adapters/nostos"
	"golang.org/x/sync/errgroup"
)

// writer writes one version: its table, its version row, under the
// dataset's lease.
type writer struct {
	s       *Store
	dataset string
	version int
	table   string
	schema  nostos.Schema
	created time.Time
	lease   *lease
	bytes   atomic.Int64
	bulk    *bulkWriter // nil unless Options.Bulk is "sstable"
	done    bool
	// execBatch writes one batch; the store's session, or a fake in tests.
	execBatch func(ctx context.Context, b batch) error
}

// Begin takes the dataset's lease, removes what crashed writers left,
// allocates the next version number (never reused: "last" is bumped before
// anything is written) and creates the version's row and table.
func (s *Store) Begin(ctx context.Context, dataset string, sc nostos.Schema) (nostos.Writer, error) {
	if !nostos.ValidName(dataset) {
		return nil, fmt.Errorf("%w %q", nostos.ErrBadName, dataset)
	}
	if len(sc.Key) == 0 {
		return nil, fmt.Errorf("dataset %s: a schema needs key columns", dataset)
	}
	l, err := s.acquire(ctx, dataset)
	if err != nil {
		return nil, err
	}
	w, err := s.begin(ctx, l, dataset, sc)
	if err != nil {
		l.release()
		return nil, err
	}
	return w, nil
}

func (s *Store) begin(ctx context.Context, l *lease, dataset string, sc nostos.Schema) (*writer, error) {
	if err := s.cleanup(ctx, l, dataset); err != nil {
		return nil, fmt.Errorf("dataset %s: removing what a crashed export left: %w", dataset, err)
	}
	_, last, _, err := s.pointer(ctx, dataset)
	if err != nil {
		return nil, err
	}
	w := &writer{s: s, dataset: dataset, version: last + 1, schema: sc, lease: l, created: time.Now().UTC()}
	if w.table, err = versionTable(dataset, w.version); err != nil {
		return nil, err
	}
	if err := l.casHeld(ctx, s.q.allocate(), w.version, dataset); err != nil {
		return nil, err
	}
	sj, _ := json.Marshal(sc)
	if err := s.exec(ctx, s.q.insertVersion(), dataset, w.version, w.created, string(sj), stateWriting); err != nil {
		return nil, err
	}
	if err := s.exec(ctx, s.q.createVersionTable(w.table)); err != nil {
		return nil, err
	}
	w.execBatch = s.execBatch
	if s.opts.Bulk == BulkSSTable {
		if w.bulk, err = newBulkWriter(s.opts.BulkDir, s.q, w.table, sc, w.created); err != nil {
			return nil, err
		}
	}
	return w, nil
}

// execBatch writes one single-partition batch (a lone statement as a
// plain query), every statement marked idempotent: an INSERT of fixed
// values can be repeated after a timeout without changing the result.
func (s *Store) execBatch(ctx context.Context, b batch) error {
	return retry(ctx, s.opts.Backoff, true, func(ctx context.Context) error {
		if len(b.Stmts) == 1 {
			return s.query(ctx, b.Stmts[0].CQL, true, b.Stmts[0].Args...).Exec()
		}
		gb := s.sess.NewBatch(gocql.UnloggedBatch).WithContext(ctx)
		gb.SetConsistency(s.opts.Consistency)
		for _, st := range b.Stmts {
			gb.Entries = append(gb.Entries, gocql.BatchEntry{Stmt: st.CQL, Args: st.Args, Idempotent: true})
		}
		return s.sess.ExecuteBatch(gb)
	})
}

func (w *writer) Version() int { return w.version }

// Write stores a batch of entries: with the SSTable bulk path, as one more
// SSTable; otherwise as single-partition batches sent by at most
// Concurrency goroutines. It returns once every statement is acknowledged
// at the store's consistency.
func (w *writer) Write(ctx context.Context, entries []nostos.Entry) error {
	if err := w.lease.check(); err != nil {
		return err
	}
	if w.bulk != nil {
		n, err := w.bulk.write(entries)
		w.bytes.Add(n)
		return err
	}
	return writeAll(ctx, w.s.q, w.table, w.schema, entries, w.s.opts.BatchBytes, w.s.opts.Concurrency, w.execBatch, &w.bytes)
}

// writeAll composes the entries' batches and runs them through a bounded
// pool: errgroup's limit blocks the composing loop when Concurrency
// batches are in flight, so memory stays at one Write's entries plus the
// batches in flight. The first error cancels the rest.
func writeAll(ctx context.Context, q cqlText, table string, sc nostos.Schema, entries []nostos.Entry,
	maxBytes, concurrency int, exec func(context.Context, batch) error, bytes *atomic.Int64) error {
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(concurrency)
	for _, e := range entries {
		bs, err := keyBatches(q, table, sc, e, maxBytes)
		if err != nil {
			g.Go(func() error { return err })
			break
		}
		if gctx.Err() != nil {
			break
		}
		for _, b := range bs {
			g.Go(func() error {
				if err := exec(gctx, b); err != nil {
					return fmt.Errorf("writing key %q: %w", b.Key, err)
				}
				bytes.Add(int64(b.Bytes))
				return nil
			})
		}
	}
	return g.Wait()
}

// load makes the version readable from the cluster: a no-op unless the
// SSTable bulk path is on, which then streams its SSTables in (once).
func (w *writer) load(ctx context.Context) error {
	if w.bulk == nil {
		return nil
	}
	return w.bulk.load(ctx, w.s.opts.BulkLoad)
}

// Lookup reads a key back from the cluster, rebuilt into the encoded value
// Export wrote (assemble).
func (w *writer) Lookup(ctx context.Context, key []byte) ([]byte, bool, error) {
	if err := w.load(ctx); err != nil {
		return nil, false, err
	}
	records, got, err := w.s.readKey(ctx, w.table, string(key), nil)
	if errors.Is(err, nostos.ErrNoKey) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	v, err := assemble(w.schema, records, got)
	return v, err == nil, err
}

// countRanges splits the count into this many token ranges, read by the
// pool: each is a sequential scan of partition keys on its replicas.
const countRanges = 64

// Count counts the version's keys in the cluster with SELECT DISTINCT over
// token ranges covering the ring, so it counts what Cassandra holds, not
// what was sent.
func (w *writer) Count(ctx context.Context) (int64, error) {
	if err := w.load(ctx); err != nil {
		return 0, err
	}
	var total atomic.Int64
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(w.s.opts.Concurrency)
	for _, r := range tokenRanges(countRanges) {
		g.Go(func() error {
			return retry(gctx, w.s.opts.Backoff, true, func(ctx context.Context) error {
				it := w.s.query(ctx, w.s.q.countRange(w.table), true, r[0], r[1]).PageSize(5000).Iter()
				var n int64
				var k string
				for it.Scan(&k) {
					n++
				}
				if err := it.Close(); err != nil {
					return err
				}
				total.Add(n)
				return nil
			})
		})
	}
	err := g.Wait()
	return total.Load(), err
}

// tokenRanges splits Murmur3's token ring [-2^63, 2^63-1] into n
// contiguous, inclusive, non-overlapping ranges.
func tokenRanges(n int) [][2]int64 {
	out := make([][2]int64, 0, n)
	step := uint64(math.MaxUint64/uint64(n)) + 1
	lo := int64(math.MinInt64)
	for i := range n {
		hi := int64(math.MaxInt64)
		if i < n-1 {
			hi = lo + int64(step-1)
		}
		out = append(out, [2]int64{lo, hi})
		lo = hi + 1
	}
	return out
}

// Commit records the version's counts (state ready), flips the active
// pointer with a lightweight transaction conditional on the lease, marks
// the version committed and releases the lease. A crash before the flip
// leaves the previous version active and this one for cleanup; a crash
// after it leaves this one active and readable (readable()).
func (w *writer) Commit(ctx context.Context, rows int64) (nostos.Version, error) {
	if w.done {
		return nostos.Version{}, errors.New("version already committed or aborted")
	}
	keys, err := w.Count(ctx)
	if err != nil {
		return nostos.Version{}, err
	}
	if err := w.lease.check(); err != nil {
		return nostos.Version{}, err
	}
	v := nostos.Version{Version: w.version, Created: w.created, Keys: keys, Rows: rows, Bytes: w.bytes.Load(), Schema: w.schema}
	s := w.s
	if err := s.exec(ctx, s.q.commitVersion(), keys, rows, v.Bytes, v.Created, stateReady, w.dataset, w.version); err != nil {
		return nostos.Version{}, err
	}
	if err := w.lease.casHeld(ctx, s.q.setActive(), w.version, w.dataset); err != nil {
		// A timeout leaves the flip's outcome unknown: read it back.
		if active, _, _, rerr := s.pointer(ctx, w.dataset); rerr != nil || active != w.version {
			return nostos.Version{}, fmt.Errorf("dataset %s v%d: making it active: %w", w.dataset, w.version, err)
		}
	}
	w.done = true
	defer w.lease.release()
	if err := s.exec(ctx, s.q.setVersionState(), stateCommitted, w.dataset, w.version); err != nil {
		return nostos.Version{}, fmt.Errorf("dataset %s v%d is active but still marked ready (the next writer fixes it): %w", w.dataset, w.version, err)
	}
	s.forget(w.dataset)
	v.Active = true
	return v, nil
}

// Abort drops the version's table and row and releases the lease; what
// fails here is left for the next writer's cleanup.
func (w *writer) Abort() error {
	if w.done {
		return nil
	}
	w.done = true
	defer w.lease.release()
	if w.bulk != nil {
		w.bulk.abort()
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	return w.s.dropVersion(ctx, w.dataset, w.version)
}

// forget drops Get's cached view of a dataset after this process changed it.
func (s *Store) forget(dataset string) {
	s.mu.Lock()
	delete(s.metas, dataset)
	s.mu.Unlock()
}

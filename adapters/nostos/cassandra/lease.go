package cassandra

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// lease is a dataset's writer lock: the "writer" cell of its nostos_active
// row, set by a lightweight transaction with a TTL, renewed while held. A
// process that dies stops renewing, and the cell expires: the Cassandra
// counterpart of the embedded store's flock, which the kernel releases.
type lease struct {
	s       *Store
	dataset string
	lost    atomic.Bool // a renewal found the lease taken or expired
	stop    chan struct{}
	done    sync.WaitGroup
	once    sync.Once
}

// errLeaseLost fences a writer whose lease expired (a stall longer than
// LeaseTTL): its commit would race another writer, so it fails instead.
var errLeaseLost = errors.New("the dataset's writer lease was lost (another writer may hold it)")

// acquire waits for the dataset's lease while ctx allows.
func (s *Store) acquire(ctx context.Context, dataset string) (*lease, error) {
	if err := s.exec(ctx, s.q.ensureActive(), dataset); err != nil {
		return nil, err
	}
	ttl := int(s.opts.LeaseTTL / time.Second)
	for {
		ok, cur, err := s.casRow(ctx, s.q.acquireLease(), max(ttl, 1), s.owner, dataset)
		if err != nil && !retryable(err) {
			return nil, fmt.Errorf("dataset %s: taking the writer lease: %w", dataset, err)
		}
		// An earlier attempt that timed out may have applied: the lease
		// is then already ours.
		if ok || (err == nil && cur["writer"] == s.owner) {
			l := &lease{s: s, dataset: dataset, stop: make(chan struct{})}
			l.done.Add(1)
			go l.renew()
			return l, nil
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("dataset %s: waiting for the writer lease: %w", dataset, context.Cause(ctx))
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// renew extends the lease every third of its TTL until released; a
// renewal that does not apply means the lease is gone.
func (l *lease) renew() {
	defer l.done.Done()
	ttl := l.s.opts.LeaseTTL
	t := time.NewTicker(max(ttl/3, time.Second))
	defer t.Stop()
	for {
		select {
		case <-l.stop:
			return
		case <-t.C:
		}
		ctx, cancel := context.WithTimeout(context.Background(), ttl/3+time.Second)
		ok, err := l.s.cas(ctx, l.s.q.renewLease(), max(int(ttl/time.Second), 1), l.s.owner, l.dataset, l.s.owner)
		cancel()
		if err == nil && !ok {
			l.lost.Store(true)
			return
		}
	}
}

// check fails once the lease is known lost.
func (l *lease) check() error {
	if l.lost.Load() {
		return fmt.Errorf("dataset %s: %w", l.dataset, errLeaseLost)
	}
	return nil
}

// casHeld runs an LWT conditional on holding the lease ("IF writer = ?"
// last); when it does not apply the lease was lost.
func (l *lease) casHeld(ctx context.Context, cql string, args ...any) error {
	ok, err := l.s.cas(ctx, cql, append(args, l.s.owner)...)
	if err != nil {
		return err
	}
	if !ok {
		l.lost.Store(true)
		return l.check()
	}
	return nil
}

// release stops renewing and clears the lease; the TTL covers a release
// that fails.
func (l *lease) release() {
	l.once.Do(func() {
		close(l.stop)
		l.done.Wait()
		ctx, cancel := context.WithTimeout(context.Background(), l.s.opts.Timeout)
		defer cancel()
		_, _ = l.s.cas(ctx, l.s.q.releaseLease(), l.dataset, l.s.owner)
	})
}

// locked runs fn holding the dataset's lease.
func (s *Store) locked(ctx context.Context, dataset string, fn func(l *lease) error) error {
	l, err := s.acquire(ctx, dataset)
	if err != nil {
		return err
	}
	defer l.release()
	return fn(l)
}

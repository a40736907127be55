package postgres

import (
	"context"
	"hash/fnv"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
)

// The apply lock's advisory lock key is a class ("quil") and an object id
// derived from Options.LockScope. Advisory locks are scoped to the database.
const lockClass = 0x7175696c

// lockIDFor hashes a lock scope to the advisory lock's object id (FNV-1a).
func lockIDFor(scope string) int32 {
	h := fnv.New32a()
	h.Write([]byte(scope))
	return int32(h.Sum32())
}

// Lock takes the target-wide apply lock: a session-level advisory lock held
// by a dedicated connection outside the pool. If the lock is busy it calls
// waiting once and tries again every Options.LockPoll until ctx is done. ctx
// covers the wait only; the lock is held until release is called, or until
// the connection dies (a killed process never leaves a stale lock).
func (w *Warehouse) Lock(ctx context.Context, waiting func()) (release func() error, err error) {
	cfg := w.conn.Copy()
	cfg.RuntimeParams["application_name"] = "quill apply lock"
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, w.wrap(err, "taking the apply lock")
	}
	if err := w.waitLock(ctx, conn, waiting); err != nil {
		_ = conn.Close(context.WithoutCancel(ctx))
		return nil, w.wrap(err, "taking the apply lock")
	}
	var once sync.Once
	return func() error {
		once.Do(func() {
			cctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			// Closing the session frees its advisory locks; unlocking first
			// just makes that explicit and immediate.
			_, err = conn.Exec(cctx, `SELECT pg_advisory_unlock($1, $2)`, lockClass, w.lockID)
			if cerr := conn.Close(cctx); err == nil {
				err = cerr
			}
			err = w.wrap(err, "releasing the apply lock")
		})
		return err
	}, nil
}

func (w *Warehouse) waitLock(ctx context.Context, conn *pgx.Conn, waiting func()) error {
	waited := false
	for {
		var ok bool
		if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock($1, $2)`, lockClass, w.lockID).Scan(&ok); err != nil {
			return err
		}
		if ok {
			return nil
		}
		if !waited && waiting != nil {
			waiting()
		}
		waited = true
		t := time.NewTimer(w.poll)
		select {
		case <-ctx.Done():
			t.Stop()
			return context.Cause(ctx)
		case <-t.C:
		}
	}
}

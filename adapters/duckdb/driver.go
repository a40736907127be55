package duckdb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	duck "github.com/duckdb/duckdb-go/v2"

	"github.com/quill-etl/quill/adapters"
)

// Options tunes Open. The zero value is ready to use.
type Options struct {
	// Waiting is called once, from Open, when another process holds the
	// database file's lock; Open then retries until the lock is free or its
	// context is done. The CLI prints "waiting for another quill apply" here.
	Waiting func()
	// RetryEvery is the pause between two attempts to open a locked file
	// (default 200ms).
	RetryEvery time.Duration
}

// Warehouse is an adapters.Warehouse over one DuckDB database. It is safe for
// concurrent use; every method's context covers that call only.
type Warehouse struct {
	db   *sql.DB
	path string        // "" in memory; for messages only
	lock chan struct{} // the in-process apply lock: a one-slot semaphore
}

var _ adapters.Warehouse = (*Warehouse)(nil)

// Open opens (creating it if needed, with its parent directories) the DuckDB
// database at path; "" or ":memory:" opens a private in-memory database.
// The caller must Close the returned Warehouse, which releases the file.
func Open(ctx context.Context, path string, opts Options) (*Warehouse, error) {
	dsn := path
	if path == ":memory:" {
		dsn = ""
	}
	if strings.ContainsRune(dsn, '?') {
		// The driver reads everything after '?' as configuration.
		return nil, fmt.Errorf("duckdb: path %q must not contain '?'", path)
	}
	if dsn != "" {
		if err := os.MkdirAll(filepath.Dir(dsn), 0o755); err != nil {
			return nil, fmt.Errorf("duckdb: %w", err)
		}
	}
	c, err := connectWaiting(ctx, dsn, opts)
	if err != nil {
		return nil, err
	}
	db := sql.OpenDB(c) // closes c when db closes
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("duckdb: opening %s: %w", dsn, err)
	}
	return &Warehouse{db: db, path: dsn, lock: make(chan struct{}, 1)}, nil
}

// connectWaiting opens the database, retrying while another process holds
// its file lock.
func connectWaiting(ctx context.Context, dsn string, opts Options) (*duck.Connector, error) {
	every := opts.RetryEvery
	if every <= 0 {
		every = 200 * time.Millisecond
	}
	waited := false
	for {
		c, err := duck.NewConnector(dsn, nil)
		if err == nil {
			return c, nil
		}
		if !isLockConflict(err) {
			return nil, fmt.Errorf("duckdb: opening %s: %w", dsn, err)
		}
		if !waited && opts.Waiting != nil {
			opts.Waiting()
		}
		waited = true
		t := time.NewTimer(every)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, fmt.Errorf("duckdb: %s is locked by another process: %w", dsn, context.Cause(ctx))
		case <-t.C:
		}
	}
}

// isLockConflict reports whether opening failed because another process
// holds the file (DuckDB: "IO Error: Could not set lock on file …").
func isLockConflict(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "Could not set lock") || strings.Contains(msg, "Conflicting lock")
}

// Dialect returns "duckdb".
func (w *Warehouse) Dialect() string { return "duckdb" }

// Close closes every connection and releases the database file.
func (w *Warehouse) Close() error { return w.db.Close() }

// Lock takes the apply lock. The file lock already keeps other processes
// out, so this only serialises applies within this process. When the lock
// is busy it calls waiting once, then blocks until it is free or ctx is done.
func (w *Warehouse) Lock(ctx context.Context, waiting func()) (func() error, error) {
	select {
	case w.lock <- struct{}{}:
	default:
		if waiting != nil {
			waiting()
		}
		select {
		case w.lock <- struct{}{}:
		case <-ctx.Done():
			return nil, fmt.Errorf("duckdb: waiting for the apply lock: %w", context.Cause(ctx))
		}
	}
	var once sync.Once
	return func() error {
		once.Do(func() { <-w.lock })
		return nil
	}, nil
}

// IsTransient reports whether err is a transaction conflict between two
// concurrent writers, which DuckDB resolves by aborting one of them.
func (w *Warehouse) IsTransient(err error) bool {
	var de *duck.Error
	if errors.As(err, &de) && de.Type == duck.ErrorTypeTransaction {
		return true
	}
	return err != nil && strings.Contains(err.Error(), "write-write conflict")
}

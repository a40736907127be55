package postgres

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/quill-etl/quill/adapters"
)

// Options tunes Open. The zero value is ready to use.
type Options struct {
	// MaxConns caps the pool (default: pgxpool's, max(4, CPUs)). Set it to
	// the runtime's worker count plus a little: Lock holds one more
	// connection of its own, outside the pool.
	MaxConns int32
	// LockPoll is the pause between two attempts to take a busy apply lock
	// (default 250ms).
	LockPoll time.Duration
	// LockScope names what the apply lock protects within the database (the
	// CLI passes the target's schema_prefix), so targets that share a
	// database under different prefixes do not wait for each other.
	LockScope string
}

// Warehouse is an adapters.Warehouse over a PostgreSQL database. It is safe
// for concurrent use; every method's context covers that call only.
type Warehouse struct {
	pool    *pgxpool.Pool
	conn    *pgx.ConnConfig // for the lock's dedicated connections
	secrets []string        // redacted from every error
	poll    time.Duration
	lockID  int32 // advisory lock object id, from Options.LockScope
}

var _ adapters.Warehouse = (*Warehouse)(nil)

// errBadDSN is returned for a DSN pgx cannot parse; the parser's message is
// not passed on because it quotes the DSN, password included.
var errBadDSN = errors.New("postgres: cannot parse the dsn (not shown: it may hold a password); expected postgres://user:password@host:port/db?… or host=… user=… dbname=…")

// Open connects to the database that dsn names and checks the connection.
// The caller must Close the returned Warehouse.
func Open(ctx context.Context, dsn string, opts Options) (*Warehouse, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, errBadDSN
	}
	if opts.MaxConns > 0 {
		cfg.MaxConns = opts.MaxConns
	}
	// Describe each statement instead of caching prepared ones (see doc.go).
	cfg.ConnConfig.DefaultQueryExecMode = pgx.QueryExecModeDescribeExec
	if _, ok := cfg.ConnConfig.RuntimeParams["application_name"]; !ok {
		cfg.ConnConfig.RuntimeParams["application_name"] = "quill"
	}
	w := &Warehouse{conn: cfg.ConnConfig.Copy(), secrets: secretsOf(dsn, cfg.ConnConfig.Password), poll: opts.LockPoll, lockID: lockIDFor(opts.LockScope)}
	if w.poll <= 0 {
		w.poll = 250 * time.Millisecond
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, w.wrap(err, "connecting")
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, w.wrap(err, "connecting")
	}
	w.pool = pool
	return w, nil
}

// secretsOf lists the strings that must never appear in an error. Very short
// passwords are left out: redacting "a" would mangle every message, and no
// message quotes a password anyway; this is a second line of defence.
func secretsOf(dsn, password string) []string {
	s := []string{dsn}
	if len(password) >= 3 {
		s = append(s, password)
	}
	return s
}

// Dialect returns "postgres".
func (w *Warehouse) Dialect() string { return "postgres" }

// Close closes every pooled connection. Locks hold their own connections
// and are released by their release functions.
func (w *Warehouse) Close() error {
	w.pool.Close()
	return nil
}

// redactedError is an error whose message has the DSN and password removed;
// the original stays reachable through Unwrap for errors.As checks.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// wrap prefixes err with what failed and redacts secrets from its message.
func (w *Warehouse) wrap(err error, what string, args ...any) error {
	if err == nil {
		return nil
	}
	msg := "postgres: " + fmt.Sprintf(what, args...) + ": " + err.Error()
	for _, s := range w.secrets {
		if s != "" {
			msg = strings.ReplaceAll(msg, s, "xxxxx")
		}
	}
	return &redactedError{msg: msg, err: err}
}

// IsTransient reports whether err is worth retrying: a lost or refused
// connection, a serialisation failure (40001), a deadlock (40P01), too many
// connections (53300), a server shutting down or starting (57P01..57P03),
// or any connection exception (08xxx).
func (w *Warehouse) IsTransient(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch pgErr.Code {
		case "40001", "40P01", "53300", "57P01", "57P02", "57P03":
			return true
		}
		return strings.HasPrefix(pgErr.Code, "08")
	}
	var connErr *pgconn.ConnectError
	var netErr net.Error
	return pgconn.SafeToRetry(err) || errors.As(err, &connErr) || errors.As(err, &netErr) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.EPIPE)
}

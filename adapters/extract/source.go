package extract

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/quill-etl/quill/adapters"
)

// The kinds of source Open knows.
const (
	KindPostgres = "postgres"
	KindMySQL    = "mysql"
)

// maxConns caps each source's pool: an extract streams on one connection
// and SampleDiff looks keys up on another; an OLTP database should not see
// more from a batch job.
const maxConns = 4

// Source is a connection pool to one OLTP database. It is safe for
// concurrent use; the caller must Close it.
type Source struct {
	kind    string
	pg      *pgxpool.Pool // kind postgres
	my      *sql.DB       // kind mysql
	secrets []string      // redacted from every error
}

// Open connects to the database that dsn names and checks the connection;
// ctx covers the connection check only. kind is "postgres" (a pgx DSN, URL or
// keyword/value form) or "mysql" (a go-sql-driver DSN:
// user:password@tcp(host:port)/db), which also serves MariaDB. The DSN comes
// from the project's HCL, usually through env(), and never appears in an
// error.
func Open(ctx context.Context, kind, dsn string) (*Source, error) {
	switch kind {
	case KindPostgres:
		return openPostgres(ctx, dsn)
	case KindMySQL:
		return openMySQL(ctx, dsn)
	}
	return nil, fmt.Errorf("extract: unknown source kind %q (want %q or %q)", kind, KindPostgres, KindMySQL)
}

func openPostgres(ctx context.Context, dsn string) (*Source, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		// pgx's message quotes the DSN, password included.
		return nil, errors.New("extract: postgres: cannot parse the dsn (not shown: it may hold a password); expected postgres://user:password@host:port/db?… or host=… user=… dbname=…")
	}
	cfg.MaxConns = maxConns
	// Describe each statement instead of caching prepared ones: source
	// queries run once, and OLTP databases often sit behind PgBouncer, where
	// named prepared statements break.
	cfg.ConnConfig.DefaultQueryExecMode = pgx.QueryExecModeDescribeExec
	if _, ok := cfg.ConnConfig.RuntimeParams["application_name"]; !ok {
		cfg.ConnConfig.RuntimeParams["application_name"] = "quill extract"
	}
	s := &Source{kind: KindPostgres, secrets: secretsOf(dsn, cfg.ConnConfig.Password)}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, s.wrap(err, "connecting")
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, s.wrap(err, "connecting")
	}
	s.pg = pool
	return s, nil
}

func openMySQL(ctx context.Context, dsn string) (*Source, error) {
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		return nil, errors.New("extract: mysql: cannot parse the dsn (not shown: it may hold a password); expected user:password@tcp(host:port)/db")
	}
	// DATE, DATETIME and TIMESTAMP arrive as time.Time, read in UTC; the
	// session's time zone is UTC too, so TIMESTAMP values (stored in UTC)
	// come back unshifted.
	cfg.ParseTime = true
	cfg.Loc = time.UTC
	if cfg.Params == nil {
		cfg.Params = map[string]string{}
	}
	cfg.Params["time_zone"] = "'+00:00'"
	s := &Source{kind: KindMySQL, secrets: secretsOf(dsn, cfg.Passwd)}
	conn, err := mysql.NewConnector(cfg)
	if err != nil {
		return nil, s.wrap(err, "connecting")
	}
	db := sql.OpenDB(conn)
	db.SetMaxOpenConns(maxConns)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, s.wrap(err, "connecting")
	}
	s.my = db
	return s, nil
}

// Kind returns "postgres" or "mysql".
func (s *Source) Kind() string { return s.kind }

// Close closes every pooled connection. Rows still open must be closed
// first.
func (s *Source) Close() error {
	if s.pg != nil {
		s.pg.Close()
		return nil
	}
	return s.my.Close()
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

// redactedError is an error whose message has the DSN and password removed;
// the original stays reachable through Unwrap for errors.Is and errors.As.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// wrap prefixes err with the source kind and what failed, and redacts
// secrets from its message.
func (s *Source) wrap(err error, what string) error {
	if err == nil {
		return nil
	}
	msg := "extract: " + s.kind + ": " + what + ": " + err.Error()
	for _, sec := range s.secrets {
		if sec != "" {
			msg = strings.ReplaceAll(msg, sec, "xxxxx")
		}
	}
	return &redactedError{msg: msg, err: err}
}

// quote quotes an identifier for the source's dialect.
func (s *Source) quote(name string) string {
	if s.kind == KindMySQL {
		return "`" + strings.ReplaceAll(name, "`", "``") + "`"
	}
	return adapters.QuoteIdent(name)
}

// placeholder returns the i-th (1-based) bind parameter marker.
func (s *Source) placeholder(i int) string {
	if s.kind == KindMySQL {
		return "?"
	}
	return "$" + strconv.Itoa(i)
}

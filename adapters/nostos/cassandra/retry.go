package cassandra

import (
	"context"
	"errors"
	"net"
	"time"

	"github.com/gocql/gocql"
)

// Retries are the store's, not gocql's: gocql's RetryPolicy retries any
// statement, idempotent or not (query_executor.go in v1.7.0 checks
// idempotency only for speculative execution), so the session is built with
// no retries and every statement goes through retry below, which retries
// only statements marked idempotent and only errors that may pass.

// retryable reports whether err is worth another attempt of an idempotent
// statement: coordinator-side timeouts and unavailability, overload,
// bootstrapping nodes, lost or missing connections and network timeouts.
// Errors of the statement itself (syntax, invalid, unauthorized, config, an
// already existing table) and a cancelled context never are.
func retryable(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var re gocql.RequestError
	if errors.As(err, &re) {
		switch re.Code() {
		case gocql.ErrCodeUnavailable, gocql.ErrCodeOverloaded, gocql.ErrCodeBootstrapping,
			gocql.ErrCodeTruncate, gocql.ErrCodeWriteTimeout, gocql.ErrCodeReadTimeout,
			gocql.ErrCodeServer:
			return true
		}
		return false
	}
	switch {
	case errors.Is(err, gocql.ErrTimeoutNoResponse), errors.Is(err, gocql.ErrConnectionClosed),
		errors.Is(err, gocql.ErrNoConnections), errors.Is(err, gocql.ErrUnavailable):
		return true
	}
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// Backoff is the retry schedule: Attempts tries in all, waiting Base, then
// twice as long each time, at most Max.
type Backoff struct {
	Attempts int
	Base     time.Duration
	Max      time.Duration
}

// defaultBackoff tries 6 times over about 6 seconds: long enough to ride a
// node restart's first seconds or a compaction stall, short enough that a
// dead cluster fails the export quickly.
var defaultBackoff = Backoff{Attempts: 6, Base: 100 * time.Millisecond, Max: 3 * time.Second}

// delay is the wait before attempt n (n ≥ 1 is the first retry).
func (b Backoff) delay(n int) time.Duration {
	d := b.Base
	for i := 1; i < n && d < b.Max; i++ {
		d *= 2
	}
	return min(d, b.Max)
}

// retry runs op until it succeeds, fails for good, or the attempts run
// out. Statements that are not idempotent (the lightweight transactions,
// whose outcome after a timeout is unknown) run once: the caller checks
// their effect instead.
func retry(ctx context.Context, b Backoff, idempotent bool, op func(ctx context.Context) error) error {
	var err error
	for n := 0; ; n++ {
		if n > 0 {
			t := time.NewTimer(b.delay(n))
			select {
			case <-ctx.Done():
				t.Stop()
				return errors.Join(err, context.Cause(ctx))
			case <-t.C:
			}
		}
		if err = op(ctx); err == nil || !idempotent || !retryable(err) || n+1 >= b.Attempts {
			return err
		}
	}
}

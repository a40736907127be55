package cassandra

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"testing"
	"time"

	"github.com/gocql/gocql"
)

// serverErr is a server error frame as gocql returns them (RequestError).
type serverErr struct{ code int }

func (e serverErr) Code() int       { return e.code }
func (e serverErr) Message() string { return "m" }
func (e serverErr) Error() string   { return fmt.Sprintf("code %#x", e.code) }

func TestRetryable(t *testing.T) {
	for _, c := range []struct {
		err  error
		want bool
	}{
		{nil, false},
		{serverErr{gocql.ErrCodeWriteTimeout}, true},
		{serverErr{gocql.ErrCodeReadTimeout}, true},
		{serverErr{gocql.ErrCodeUnavailable}, true},
		{serverErr{gocql.ErrCodeOverloaded}, true},
		{serverErr{gocql.ErrCodeBootstrapping}, true},
		{fmt.Errorf("wrapped: %w", serverErr{gocql.ErrCodeWriteTimeout}), true},
		{serverErr{gocql.ErrCodeSyntax}, false},
		{serverErr{gocql.ErrCodeInvalid}, false},
		{serverErr{gocql.ErrCodeUnauthorized}, false},
		{serverErr{gocql.ErrCodeAlreadyExists}, false},
		{serverErr{gocql.ErrCodeWriteFailure}, false},
		{gocql.ErrTimeoutNoResponse, true},
		{gocql.ErrConnectionClosed, true},
		{gocql.ErrNoConnections, true},
		{&net.OpError{Op: "read", Err: os.ErrDeadlineExceeded}, true},
		{context.Canceled, false},
		{context.DeadlineExceeded, false},
		{gocql.ErrNotFound, false},
		{errors.New("other"), false},
	} {
		if got := retryable(c.err); got != c.want {
			t.Errorf("retryable(%v) = %v, want %v", c.err, got, c.want)
		}
	}
}

func TestBackoffDelay(t *testing.T) {
	b := Backoff{Attempts: 6, Base: 100 * time.Millisecond, Max: time.Second}
	want := []time.Duration{100, 200, 400, 800, 1000, 1000}
	for i, w := range want {
		if got := b.delay(i + 1); got != w*time.Millisecond {
			t.Errorf("delay(%d) = %v, want %v", i+1, got, w*time.Millisecond)
		}
	}
}

func TestRetry(t *testing.T) {
	b := Backoff{Attempts: 4, Base: time.Microsecond, Max: time.Microsecond}
	ctx := context.Background()
	timeout := serverErr{gocql.ErrCodeWriteTimeout}
	count := func(idempotent bool, fail int, err error) (int, error) {
		n := 0
		e := retry(ctx, b, idempotent, func(context.Context) error {
			n++
			if n <= fail {
				return err
			}
			return nil
		})
		return n, e
	}
	if n, err := count(true, 2, timeout); n != 3 || err != nil {
		t.Errorf("idempotent, 2 timeouts: %d attempts, %v", n, err)
	}
	if n, err := count(true, 10, timeout); n != 4 || !errors.Is(err, timeout) {
		t.Errorf("idempotent, always timing out: %d attempts, %v", n, err)
	}
	if n, err := count(false, 2, timeout); n != 1 || err == nil {
		t.Errorf("not idempotent: %d attempts, %v", n, err)
	}
	if n, err := count(true, 2, serverErr{gocql.ErrCodeSyntax}); n != 1 || err == nil {
		t.Errorf("syntax error: %d attempts, %v", n, err)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	err := retry(cctx, Backoff{Attempts: 5, Base: time.Hour, Max: time.Hour}, true, func(context.Context) error { return timeout })
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

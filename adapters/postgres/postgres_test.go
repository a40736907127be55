package postgres

import (
	"context"
	"testing"
	"time"

	"github.com/quill-etl/quill/adapters"
	"github.com/quill-etl/quill/adapters/adaptertest"
)

// open connects to a fresh database of the test server; it is dropped when
// the test ends.
func open(t testing.TB) adapters.Warehouse {
	return openPG(t)
}

func openPG(t testing.TB) *Warehouse {
	t.Helper()
	dsn := adaptertest.PostgresDB(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	w, err := Open(ctx, dsn, Options{MaxConns: 4, LockPoll: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func TestConformance(t *testing.T) {
	adaptertest.Run(t, open)
}

package adaptertest

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/quill-etl/quill/adapters"
)

func testLock(t *testing.T, w adapters.Warehouse) {
	ctx := ctxFor(t)
	var waits atomic.Int32
	waiting := func() { waits.Add(1) }
	release, err := w.Lock(ctx, waiting)
	if err != nil {
		t.Fatalf("Lock: %v", err)
	}
	if waits.Load() != 0 {
		t.Errorf("waiting called %d times for a free lock", waits.Load())
	}

	// A second Lock waits, calling waiting once, and gives up with its ctx.
	short, cancel := context.WithTimeout(ctx, 700*time.Millisecond)
	defer cancel()
	if _, err := w.Lock(short, waiting); err == nil || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Lock while held: err = %v, want a deadline error", err)
	}
	if n := waits.Load(); n != 1 {
		t.Errorf("waiting called %d times, want 1", n)
	}

	// A waiting Lock gets the lock once it is released.
	got := make(chan error, 1)
	waits.Store(0)
	go func() {
		rel2, err := w.Lock(ctx, waiting)
		if err == nil {
			err = rel2()
		}
		got <- err
	}()
	deadline := time.Now().Add(30 * time.Second)
	for waits.Load() == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	select {
	case err := <-got:
		t.Fatalf("second Lock returned while the lock was held: %v", err)
	default:
	}
	if err := release(); err != nil {
		t.Fatalf("release: %v", err)
	}
	if err := <-got; err != nil {
		t.Fatalf("second Lock after release: %v", err)
	}
	if err := release(); err != nil {
		t.Errorf("release twice: %v", err)
	}
	// And the lock is free again.
	r3, err := w.Lock(ctx, func() { t.Error("waiting called for a free lock") })
	if err != nil {
		t.Fatal(err)
	}
	_ = r3()
}

func testIsTransient(t *testing.T, w adapters.Warehouse) {
	if w.IsTransient(nil) {
		t.Error("IsTransient(nil) = true")
	}
	err := w.Exec(ctxFor(t), `SELEC 1`)
	if err == nil || w.IsTransient(err) {
		t.Errorf("IsTransient(syntax error %v) = true", err)
	}
	if w.IsTransient(errors.New("whatever")) {
		t.Error("IsTransient(plain error) = true")
	}
}

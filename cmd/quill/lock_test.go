package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/quill-etl/quill/adapters/adaptertest"
	"github.com/quill-etl/quill/adapters/postgres"
)

// TestApplyWaitsForLock holds a target's apply lock the way a running apply
// does: a second apply fails after --lock-timeout, and without one waits
// with a message until the lock is released.
func TestApplyWaitsForLock(t *testing.T) {
	dsn := adaptertest.PostgresDB(t)
	dir := copyProject(t, filepath.Join("..", "..", "testdata", "e2e", "parity"))
	vars := map[string]string{"QUILL_TEST_DSN": dsn}
	ctx := context.Background()
	holder, err := postgres.Open(ctx, dsn, postgres.Options{LockScope: "ci_"})
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	release, err := holder.Lock(ctx, func() {})
	if err != nil {
		t.Fatal(err)
	}
	_, stderr, code := runQuill(t, []string{"apply", "--project", dir, "--target", "pg", "--lock-timeout", "500ms"}, vars)
	if code != 1 || !strings.Contains(stderr, "holds the lock on target \"pg\"; waiting") || !strings.Contains(stderr, "taking the apply lock") {
		t.Fatalf("with --lock-timeout: exit %d\n%s", code, stderr)
	}
	if strings.Contains(stderr, dsn) {
		t.Errorf("the DSN leaked into stderr")
	}
	go func() {
		time.Sleep(700 * time.Millisecond)
		_ = release()
	}()
	start := time.Now()
	_, stderr, code = runQuill(t, []string{"apply", "--project", dir, "--target", "pg"}, vars)
	if code != 0 || !strings.Contains(stderr, "waiting for it to finish") || time.Since(start) < 600*time.Millisecond {
		t.Fatalf("waiting apply: exit %d after %v\n%s", code, time.Since(start), stderr)
	}
}

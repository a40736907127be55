package runtime_test

import (
	"context"
	"testing"
	"time"

	"github.com/quill-etl/quill/adapters/adaptertest"
	"github.com/quill-etl/quill/adapters/postgres"
	"github.com/quill-etl/quill/models"
	"github.com/quill-etl/quill/planner"
	"github.com/quill-etl/quill/runtime"
)

// TestRetryAfterLostConnection terminates the backend building a table on a
// real PostgreSQL server: the runner sees a transient error, retries, and
// the node succeeds with one retry.
func TestRetryAfterLostConnection(t *testing.T) {
	ctx := context.Background()
	dsn := adaptertest.PostgresDB(t)
	wh, err := postgres.Open(ctx, dsn, postgres.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer wh.Close()
	p := &models.Project{Name: "retry", Target: models.Target{Name: "pg", Adapter: "postgres"}, Nodes: []*models.Node{{
		Name: "mart.slow", Kind: models.KindModel, Materialized: "table", Fingerprint: "f",
		CompiledSQL: "SELECT 1 AS x FROM (SELECT pg_sleep(1.5)) AS s",
	}}}
	pl, _ := planner.Build(p, planner.State{}, planner.Options{})
	killed := make(chan int, 1)
	go func() { // kill the first backend that runs the build, once
		for i := 0; i < 100; i++ {
			time.Sleep(50 * time.Millisecond)
			res, err := wh.Query(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
				WHERE datname = current_database() AND query LIKE 'CREATE TABLE%pg_sleep%' AND pid <> pg_backend_pid()`)
			if err == nil && len(res.Rows) > 0 {
				killed <- len(res.Rows)
				return
			}
		}
		killed <- 0
	}()
	r := &runtime.Runner{WH: wh, Project: p, Threads: 1, Retries: 2, Backoff: 10 * time.Millisecond}
	res, err := r.Apply(ctx, pl, runtime.Options{RunID: "r1"})
	if err != nil {
		t.Fatal(err)
	}
	if n := <-killed; n != 1 {
		t.Fatalf("terminated %d backends, want 1", n)
	}
	if got := res.Nodes[0]; got.Status != runtime.StatusSuccess || got.Retries != 1 {
		t.Errorf("node: status %s, retries %d, error %q; want success after 1 retry", got.Status, got.Retries, got.Error)
	}
}

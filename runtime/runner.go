package runtime

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/quill-etl/quill/adapters"
	"github.com/quill-etl/quill/adapters/nostos"
	"github.com/quill-etl/quill/models"
	"github.com/quill-etl/quill/planner"
)

// Runner executes plans on one warehouse.
type Runner struct {
	WH      adapters.Warehouse
	Project *models.Project
	Files   fs.FS // the project directory, for seed files
	Threads int   // nodes run at once; default 4
	Retries int   // retries of a transient error; default 2
	Backoff time.Duration
	Hooks   Hooks
	Now     func() time.Time
	// LockWaiting is called once when another apply holds the target's lock.
	LockWaiting func()
	// LockTimeout bounds the wait for the lock; 0 waits until ctx is done.
	LockTimeout time.Duration
	// Extract opens the read of an extract source (cassandra, postgres,
	// mysql); cmd/quill builds it from the adapters. nil: no extract
	// sources can run.
	Extract func(ctx context.Context, n *models.Node) (adapters.Extract, error)

	// Stores opens (or returns an already open) Nostos store of a sink
	// node, from its Config ("store", and "hosts"/"keyspace" for
	// cassandra); cmd/quill builds it and closes the stores after the run.
	// nil: no sink can run.
	Stores func(ctx context.Context, n *models.Node) (nostos.Store, error)

	mu       sync.Mutex
	external map[string]*externalGate // external sources' checks, run once per run
}

// Options of one apply.
type Options struct {
	RunID  string // new run's id
	Resume string // a run id, or "last": skip nodes that succeeded in it with the same fingerprint
}

// Apply runs a plan made beforehand; see ApplyLocked.
func (r *Runner) Apply(ctx context.Context, plan *planner.Plan, opts Options) (*Result, error) {
	return r.ApplyLocked(ctx, func(context.Context) (*planner.Plan, error) { return plan, nil }, opts)
}

// ApplyLocked takes the target's lock, then asks prepare for the plan, so
// that the plan is made from (or checked against) the state no other apply
// can change any more; then it runs the plan, journals the run, and returns
// what happened to every node. err is set only when the run could not start
// (lock, prepare, journal) or its end could not be journalled.
func (r *Runner) ApplyLocked(ctx context.Context, prepare func(context.Context) (*planner.Plan, error), opts Options) (*Result, error) {
	lctx, cancel := ctx, context.CancelFunc(func() {})
	if r.LockTimeout > 0 {
		lctx, cancel = context.WithTimeout(ctx, r.LockTimeout)
	}
	release, err := r.WH.Lock(lctx, r.lockWaiting())
	cancel()
	if err != nil {
		return nil, fmt.Errorf("taking the apply lock on target %q: %w", r.Project.Target.Name, err)
	}
	defer release()
	plan, err := prepare(ctx)
	if err != nil {
		return nil, err
	}
	now := r.now()
	res := &Result{Version: 1, RunID: opts.RunID, Target: plan.Target, Resumed: opts.Resume, Started: now}
	j := Journal{WH: r.WH, Schema: MetaSchema(r.Project.Target.SchemaPrefix)}
	if err := j.Init(ctx); err != nil {
		return nil, err
	}
	if _, err := r.WH.CleanupTemps(ctx, r.schemas(plan)); err != nil {
		return nil, fmt.Errorf("dropping temporary relations left by an earlier run: %w", err)
	}
	if opts.Resume == "last" {
		if opts.Resume, err = j.LastRun(ctx); err != nil || opts.Resume == "" {
			return nil, fmt.Errorf("--resume last: no earlier run is recorded on target %q", plan.Target)
		}
		res.Resumed = opts.Resume
	}
	done := map[string]string{}
	if opts.Resume != "" {
		if done, err = j.Completed(ctx, opts.Resume); err != nil {
			return nil, fmt.Errorf("reading run %s: %w", opts.Resume, err)
		}
	}
	if err := j.StartRun(ctx, opts.RunID, plan.Target, now); err != nil {
		return nil, fmt.Errorf("journalling run: %w", err)
	}
	results := r.walk(ctx, plan, j, opts.RunID, done)
	res.finish(results)
	res.Finished = r.now()
	// The journal must record the end even when ctx was cancelled.
	fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := j.FinishRun(fctx, opts.RunID, res.Status, res.Finished); err != nil {
		return res, fmt.Errorf("journalling run end: %w", err)
	}
	return res, nil
}

func (r *Runner) lockWaiting() func() {
	if r.LockWaiting != nil {
		return r.LockWaiting
	}
	return func() {}
}

func (r *Runner) now() time.Time {
	if r.Now != nil {
		return r.Now()
	}
	return time.Now()
}

// schemas returns the physical schemas the plan writes to.
func (r *Runner) schemas(plan *planner.Plan) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range plan.Steps {
		if s.Relation == "" || (s.Kind == models.KindSource && s.Type == "external") {
			continue
		}
		sch := adapters.ParseRelName(s.Relation).Schema
		if !seen[sch] {
			seen[sch] = true
			out = append(out, sch)
		}
	}
	return out
}

// walk runs every step that has work, each once all the running steps it
// reads have succeeded; the descendants of a failed step are skipped.
func (r *Runner) walk(ctx context.Context, plan *planner.Plan, j Journal, runID string, done map[string]string) (results map[string]*NodeResult) {
	steps := map[string]planner.Step{}
	var drops []planner.Step
	for _, s := range plan.Steps {
		switch {
		case s.Action == planner.Drop:
			drops = append(drops, s)
		case s.Runs():
			steps[s.Name] = s
		}
	}
	defer func() { r.dropAll(ctx, drops, j, runID, results) }()
	results = make(map[string]*NodeResult, len(steps)+len(drops))
	var mu sync.Mutex
	finished := map[string]chan struct{}{}
	for name := range steps {
		finished[name] = make(chan struct{})
	}
	sem := make(chan struct{}, r.threads())
	var wg sync.WaitGroup
	count := 0
	for name, s := range steps {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer close(finished[name])
			nr := r.waitDeps(ctx, s, finished, results, &mu)
			if nr == nil {
				nr = r.runStep(ctx, s, j, runID, done, sem, len(steps))
			}
			mu.Lock()
			results[name] = nr
			count++
			n := count
			mu.Unlock()
			r.emit(Event{Kind: NodeFinished, Name: name, Action: string(s.Action), Result: nr, Done: n, Total: len(steps)})
		}()
	}
	wg.Wait()
	return results
}

// dropAll drops the relations a pruning plan removes, after everything else
// ran. The state does not say which dropped relation reads which, so drops
// go in passes: one that fails (a view still reads it) is tried again after
// the others, until a pass makes no progress.
func (r *Runner) dropAll(ctx context.Context, drops []planner.Step, j Journal, runID string, results map[string]*NodeResult) {
	pending := drops
	sem := make(chan struct{}, 1)
	for len(pending) > 0 && ctx.Err() == nil {
		var next []planner.Step
		for _, s := range pending {
			nr := r.runStep(ctx, s, j, runID, nil, sem, len(drops))
			results[s.Name] = nr
			if nr.Status == StatusError {
				next = append(next, s)
			}
		}
		if len(next) == len(pending) {
			break
		}
		pending = next
	}
	for i, s := range drops {
		if nr := results[s.Name]; nr != nil {
			r.emit(Event{Kind: NodeFinished, Name: s.Name, Action: string(s.Action), Result: nr, Done: i + 1, Total: len(drops)})
		}
	}
}

// waitDeps blocks until every running dependency of s finished and returns a
// skipped or cancelled result when s must not run.
func (r *Runner) waitDeps(ctx context.Context, s planner.Step, finished map[string]chan struct{}, results map[string]*NodeResult, mu *sync.Mutex) *NodeResult {
	for _, d := range s.DependsOn {
		ch, ok := finished[d]
		if !ok {
			continue
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return &NodeResult{Name: s.Name, Action: string(s.Action), Status: StatusCancelled}
		}
		mu.Lock()
		dr := results[d]
		mu.Unlock()
		if dr.Status != StatusSuccess {
			return &NodeResult{Name: s.Name, Action: string(s.Action), Status: StatusSkipped, Reason: "upstream " + d + " " + string(dr.Status)}
		}
	}
	return nil
}

func (r *Runner) runStep(ctx context.Context, s planner.Step, j Journal, runID string, done map[string]string, sem chan struct{}, total int) *NodeResult {
	select {
	case sem <- struct{}{}:
	case <-ctx.Done():
		return &NodeResult{Name: s.Name, Action: string(s.Action), Status: StatusCancelled}
	}
	defer func() { <-sem }()
	nr := &NodeResult{Name: s.Name, Action: string(s.Action)}
	if fp, ok := done[s.Name]; ok && fp == s.Fingerprint {
		nr.Status, nr.Reason = StatusSuccess, "completed in the resumed run"
		return nr
	}
	r.emit(Event{Kind: NodeStarted, Name: s.Name, Action: string(s.Action), Total: total})
	start := r.now()
	rows, retries, err := r.retry(ctx, s, func() (int64, error) { return r.execute(ctx, s, nr) })
	nr.Rows, nr.Retries, nr.Seconds = rows, retries, r.now().Sub(start).Seconds()
	switch {
	case err == nil:
		nr.Status = StatusSuccess
	case ctx.Err() != nil:
		nr.Status, nr.Error = StatusCancelled, err.Error()
	default:
		nr.Status, nr.Error = StatusError, err.Error()
	}
	jctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if jerr := j.RecordNode(jctx, runID, s, *nr, r.now()); jerr != nil && nr.Status == StatusSuccess {
		nr.Status, nr.Error = StatusError, "journalling the result: "+jerr.Error()
	}
	return nr
}

func (r *Runner) retry(ctx context.Context, s planner.Step, fn func() (int64, error)) (int64, int, error) {
	backoff := r.Backoff
	if backoff == 0 {
		backoff = 250 * time.Millisecond
	}
	for attempt := 0; ; attempt++ {
		rows, err := fn()
		if err == nil || attempt >= r.retries() || !r.WH.IsTransient(err) || ctx.Err() != nil {
			return rows, attempt, err
		}
		r.emit(Event{Kind: NodeRetrying, Name: s.Name, Action: string(s.Action), Err: err})
		wait := backoff<<attempt + time.Duration(rand.Int64N(int64(backoff)))
		select {
		case <-time.After(wait):
		case <-ctx.Done():
			return 0, attempt, errors.Join(err, ctx.Err())
		}
	}
}

func (r *Runner) threads() int {
	if r.Threads > 0 {
		return r.Threads
	}
	return 4
}

func (r *Runner) retries() int {
	if r.Retries >= 0 {
		return r.Retries
	}
	return 2
}

func (r *Runner) emit(e Event) {
	if r.Hooks != nil {
		r.Hooks.Event(e)
	}
}

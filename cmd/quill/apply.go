package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/quill-etl/quill/adapters"
	"github.com/quill-etl/quill/models"
	"github.com/quill-etl/quill/planner"
	"github.com/quill-etl/quill/runtime"
	"github.com/spf13/cobra"
)

func applyCmd(e *env, g *globalFlags) *cobra.Command {
	f := &planFlags{}
	var resume string
	var lockTimeout time.Duration
	c := &cobra.Command{
		Use:   "apply [PLAN_FILE]",
		Short: "Build what the plan says: seeds load, models build, checks gate",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			planFile := ""
			if len(args) == 1 {
				planFile = args[0]
			}
			return apply(cmd.Context(), e, g, f, planFile, resume, lockTimeout)
		},
	}
	f.register(c)
	c.Flags().StringVar(&resume, "resume", "", "resume a run (a run id, or \"last\"): skip nodes it completed with the same fingerprint")
	c.Flags().DurationVar(&lockTimeout, "lock-timeout", 0, "give up when another apply holds the target's lock this long (default: wait)")
	return c
}

func apply(ctx context.Context, e *env, g *globalFlags, f *planFlags, planFile, resume string, lockTimeout time.Duration) error {
	var saved *planner.Plan
	if planFile != "" {
		b, err := os.ReadFile(planFile)
		if err != nil {
			return fail(exitUser, "reading the plan: %v", err)
		}
		if saved, err = planner.Decode(b); err != nil {
			return fail(exitUser, "%s: %v", planFile, err)
		}
		f.target = saved.Target
	}
	p, err := compileProject(ctx, e, g, f.target)
	if err != nil {
		return err
	}
	wh, err := openWarehouse(ctx, e, g.project, p.Target, lockTimeout)
	if err != nil {
		return err
	}
	defer wh.Close()
	store, err := sinkStore(g.project, p)
	if err != nil {
		return err
	}
	if store != nil {
		defer store.Close()
	}
	view := newProgress(e, g.json)
	r := &runtime.Runner{
		WH: wh, Project: p, Files: os.DirFS(g.project), Threads: p.Target.Threads, Retries: p.Target.Retries,
		Hooks: view, Now: e.Now, LockTimeout: lockTimeout, Extract: extractOpener(g.project),
		LockWaiting: func() {
			fmt.Fprintf(e.Stderr, "Another quill apply holds the lock on target %q; waiting for it to finish…\n", p.Target.Name)
		},
	}
	if store != nil {
		r.Stores = store.For
	}
	// The plan is made once the lock is held: no other apply can change the
	// state it is made from.
	prepare := func(ctx context.Context) (*planner.Plan, error) {
		pl, err := applyPlan(ctx, wh, p, f, saved, planDetails(ctx, g.project, p, store))
		if err == nil {
			err = renderPlan(e, g, pl, "")
		}
		return pl, err
	}
	res, err := r.ApplyLocked(ctx, prepare, runtime.Options{RunID: newRunID(e.Now()), Resume: resume})
	view.close()
	var xe *exitError
	if errors.As(err, &xe) {
		return err
	}
	if err != nil {
		return fail(exitUser, "%s", err.Error())
	}
	b, _ := json.MarshalIndent(res, "", "  ")
	if err := writeArtifact(g.project, "run_results.json", []byte(redact(string(b), e)+"\n")); err != nil {
		return fail(exitInternal, "writing run_results.json: %v", err)
	}
	view.summary(res)
	if !res.OK() {
		return fail(exitUser, "")
	}
	return nil
}

// applyPlan returns the plan to run: the saved one when it is still valid
// for the project and the target's state, else a fresh one.
func applyPlan(ctx context.Context, wh adapters.Warehouse, p *models.Project, f *planFlags, saved *planner.Plan, sources map[string]string) (*planner.Plan, error) {
	st, err := stateOf(ctx, wh, p)
	if err != nil {
		return nil, err
	}
	if saved != nil {
		if why := planner.Stale(saved, p.InputHash, st); why != "" {
			return nil, fail(exitUser, "refusing a stale plan: %s; run `quill plan` again", why)
		}
		return saved, nil
	}
	opts := f.options()
	opts.Sources = sources
	pl, diags := planner.Build(p, st, opts)
	if diags.HasErrors() {
		return nil, fail(exitUser, "%s", diags.Error())
	}
	return pl, nil
}

// newRunID returns a sortable, unique run id such as 20261125T101500Z-3fa2c1.
func newRunID(now time.Time) string {
	var b [3]byte
	_, _ = rand.Read(b[:])
	return now.UTC().Format("20060102T150405Z") + "-" + hex.EncodeToString(b[:])
}

package main

import (
	"context"
	"os"
	"strings"

	"github.com/quill-etl/quill/adapters"
	"github.com/quill-etl/quill/models"
	"github.com/quill-etl/quill/planner"
	"github.com/quill-etl/quill/runtime"
	"github.com/spf13/cobra"
)

// planFlags are shared by plan and apply.
type planFlags struct {
	target  string
	selects []string
	prune   bool
	refresh bool
}

func (f *planFlags) register(c *cobra.Command) {
	c.Flags().StringVar(&f.target, "target", "", "target to run against (default: the project's default_target)")
	c.Flags().StringArrayVarP(&f.selects, "select", "s", nil, "select nodes: name, schema.*, +name, name+, tag:x, state:modified (repeatable)")
	c.Flags().BoolVar(&f.prune, "prune", false, "drop relations that quill built but the project no longer has")
	c.Flags().BoolVar(&f.refresh, "refresh", false, "rebuild the selected nodes even when unchanged")
}

func (f *planFlags) options() planner.Options {
	return planner.Options{Select: f.selects, Prune: f.prune, Refresh: f.refresh}
}

func planCmd(e *env, g *globalFlags) *cobra.Command {
	f := &planFlags{}
	var out string
	c := &cobra.Command{
		Use:   "plan",
		Short: "Show what apply would do on a target",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			p, err := compileProject(ctx, e, g, f.target)
			if err != nil {
				return err
			}
			st, err := readState(ctx, e, g, p)
			if err != nil {
				return err
			}
			store, err := sinkStore(g.project, p)
			if err != nil {
				return err
			}
			if store != nil {
				defer store.Close()
			}
			opts := f.options()
			opts.Sources = planDetails(ctx, g.project, p, store)
			pl, diags := planner.Build(p, st, opts)
			if diags.HasErrors() {
				writeDiags(e, g, diags, p)
				return fail(exitUser, "")
			}
			if out != "" {
				b, err := planner.Encode(pl)
				if err != nil {
					return fail(exitInternal, "encoding the plan: %v", err)
				}
				if err := os.WriteFile(out, b, 0o644); err != nil {
					return fail(exitUser, "writing %s: %v", out, err)
				}
			}
			return renderPlan(e, g, pl, out)
		},
	}
	f.register(c)
	c.Flags().StringVar(&out, "out", "", "save the plan to this file for `quill apply FILE`")
	return c
}

func renderPlan(e *env, g *globalFlags, pl *planner.Plan, saved string) error {
	if g.json {
		writeJSON(e.Stdout, pl)
		return nil
	}
	var b strings.Builder
	_ = planner.WriteText(&b, pl)
	if saved != "" {
		b.WriteString("\nSaved the plan to " + saved + "; run `quill apply " + saved + "` to apply exactly this plan.\n")
	}
	_, err := e.Stdout.Write([]byte(redact(b.String(), e)))
	return err
}

// readState reads the target's recorded state. A DuckDB target whose file
// does not exist yet has an empty state; plan never creates it.
func readState(ctx context.Context, e *env, g *globalFlags, p *models.Project) (planner.State, error) {
	if p.Target.Adapter == "duckdb" && !fileExists(duckPath(g.project, p.Target)) {
		return planner.State{Nodes: map[string]planner.NodeState{}, Relations: map[string]string{}}, nil
	}
	wh, err := openWarehouse(ctx, e, g.project, p.Target, 0)
	if err != nil {
		return planner.State{}, err
	}
	defer wh.Close()
	return stateOf(ctx, wh, p)
}

func stateOf(ctx context.Context, wh adapters.Warehouse, p *models.Project) (planner.State, error) {
	st, err := runtime.ReadState(ctx, wh, runtime.MetaSchema(p.Target.SchemaPrefix), physicalSchemas(p))
	if err != nil {
		return st, fail(exitUser, "reading the state of target %q: %v", p.Target.Name, err)
	}
	return st, nil
}

// physicalSchemas lists the schemas quill builds relations in on the target.
func physicalSchemas(p *models.Project) []string {
	seen := map[string]bool{}
	var out []string
	for _, n := range p.Nodes {
		if !n.Builds() {
			continue
		}
		s := adapters.ParseRelName(p.Target.Physical(n)).Schema
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

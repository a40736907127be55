package runtime

import (
	"context"
	"fmt"

	"github.com/quill-etl/quill/adapters"
	"github.com/quill-etl/quill/models"
	"github.com/quill-etl/quill/planner"
)

// execute does one step's work and returns the rows it wrote.
func (r *Runner) execute(ctx context.Context, s planner.Step) (int64, error) {
	rel := adapters.ParseRelName(s.Relation)
	if s.Action == planner.Drop {
		return 0, r.WH.Drop(ctx, rel)
	}
	n := r.Project.Node(s.Name)
	if n == nil {
		return 0, fmt.Errorf("node %s is in the plan but not in the project", s.Name)
	}
	if err := r.WH.EnsureSchema(ctx, rel.Schema); err != nil {
		return 0, err
	}
	switch {
	case n.Kind == models.KindSeed:
		return r.loadSeed(ctx, n, rel)
	case n.Kind == models.KindModel && s.Materialized == models.View:
		return 0, r.WH.CreateView(ctx, rel, s.SQL)
	case n.Kind == models.KindModel && s.Materialized == models.Table:
		t, err := r.WH.BuildTemp(ctx, rel, s.SQL)
		if err != nil {
			return 0, err
		}
		return r.publish(ctx, t)
	}
	// FIXME: incremental and upsert models and extract sources arrive with
	// their own materializers (issues 3 and 4); the compiler rejects them
	// until then, so reaching this line is a bug.
	return 0, fmt.Errorf("%s %s: materialization %q is not supported", n.Kind, n.Name, s.Materialized)
}

// publish swaps a built temporary relation in place. The gates of issue 3
// (checks on the temporary relation) run here, before the swap.
func (r *Runner) publish(ctx context.Context, t adapters.Temp) (int64, error) {
	if err := r.WH.Swap(ctx, t); err != nil {
		_ = r.WH.DropTemp(context.WithoutCancel(ctx), t)
		return 0, err
	}
	return t.Rows, nil
}

func (r *Runner) loadSeed(ctx context.Context, n *models.Node, rel adapters.RelName) (int64, error) {
	src, closeFn, err := OpenSeed(r.Files, n)
	if err != nil {
		return 0, err
	}
	defer closeFn()
	t, err := r.WH.LoadTemp(ctx, rel, n.Columns, src)
	if err != nil {
		return 0, err
	}
	return r.publish(ctx, t)
}

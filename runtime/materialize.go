package runtime

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/quill-etl/quill/adapters"
	"github.com/quill-etl/quill/models"
	"github.com/quill-etl/quill/planner"
)

// execute does one step's work and returns the rows it wrote; check
// outcomes go to nr.
func (r *Runner) execute(ctx context.Context, s planner.Step, nr *NodeResult) (int64, error) {
	rel := adapters.ParseRelName(s.Relation)
	if s.Action == planner.Drop {
		return 0, r.WH.Drop(ctx, rel)
	}
	if s.Action == planner.Update && s.Kind != models.KindSink {
		return r.merge(ctx, s, rel, nr)
	}
	n := r.nodeOf(s)
	if n == nil {
		return 0, fmt.Errorf("node %s is in the plan but not in the project", s.Name)
	}
	if n.Kind == models.KindSink {
		return r.export(ctx, n, nr)
	}
	if err := r.upstreamFresh(ctx, n); err != nil {
		return 0, err
	}
	if err := r.WH.EnsureSchema(ctx, rel.Schema); err != nil {
		return 0, err
	}
	switch {
	case n.Kind == models.KindSeed:
		return r.loadSeed(ctx, n, rel, nr)
	case n.Kind == models.KindSource:
		return r.land(ctx, n, rel, nr)
	case n.Kind == models.KindModel && s.Materialized == models.View:
		return 0, r.publishView(ctx, n, rel, s.SQL, nr)
	case n.Kind == models.KindModel && (s.Materialized == models.Table || s.Materialized == models.Incremental || s.Materialized == models.Upsert):
		// the first build, or a full rebuild, of an incremental or upsert model
		// is a table build
		t, err := r.WH.BuildTemp(ctx, rel, s.SQL)
		if err != nil {
			return 0, err
		}
		return r.publish(ctx, n, t, nr)
	}
	return 0, fmt.Errorf("%s %s: materialization %q is not supported", n.Kind, n.Name, s.Materialized)
}

// nodeOf finds a step's node; a sink may share its name with a relation.
func (r *Runner) nodeOf(s planner.Step) *models.Node {
	for _, n := range r.Project.Nodes {
		if n.Name == s.Name && n.Kind == s.Kind {
			return n
		}
	}
	return nil
}

// upstreamFresh runs, once per run, the checks of the external sources n
// reads (freshness: the cross-pipeline "wait for dependencies" gate), and
// fails n when one of them fails.
func (r *Runner) upstreamFresh(ctx context.Context, n *models.Node) error {
	for _, d := range n.DependsOn {
		src := r.Project.Node(d)
		if src == nil || src.Kind != models.KindSource || src.Type != "external" || len(src.Checks) == 0 {
			continue
		}
		r.mu.Lock()
		once, ok := r.external[d]
		if !ok {
			once = &externalGate{}
			if r.external == nil {
				r.external = map[string]*externalGate{}
			}
			r.external[d] = once
		}
		r.mu.Unlock()
		once.Do(func() {
			rel, _ := r.physical(d)
			nr := &NodeResult{}
			once.err = r.gateWith(ctx, r.WH, src, src.Checks, rel, nr)
		})
		if once.err != nil {
			return fmt.Errorf("upstream source %s: %w", d, once.err)
		}
	}
	return nil
}

// externalGate holds the outcome of an external source's checks in a run.
type externalGate struct {
	sync.Once
	err error
}

// publish runs the node's checks on the freshly built temporary relation
// and swaps it in place only when every gate passes; otherwise the previous
// version stays.
func (r *Runner) publish(ctx context.Context, n *models.Node, t adapters.Temp, nr *NodeResult) (int64, error) {
	return r.swapIfPassed(ctx, n, t, r.gate(ctx, n, t.Tmp, nr))
}

// swapIfPassed swaps t in when its gates passed (gateErr nil), else drops it
// and says the previous version stays.
func (r *Runner) swapIfPassed(ctx context.Context, n *models.Node, t adapters.Temp, gateErr error) (int64, error) {
	err := gateErr
	if err == nil {
		err = r.WH.Swap(ctx, t)
	} else {
		err = notPublished(n, err)
	}
	if err != nil {
		_ = r.WH.DropTemp(context.WithoutCancel(ctx), t)
		return 0, err
	}
	return t.Rows, nil
}

// publishView checks a view under a temporary name before it replaces rel.
func (r *Runner) publishView(ctx context.Context, n *models.Node, rel adapters.RelName, sql string, nr *NodeResult) error {
	if len(n.Checks) == 0 {
		return r.WH.CreateView(ctx, rel, sql)
	}
	tmp := adapters.RelName{Schema: rel.Schema, Name: adapters.TempPrefix + rel.Name}
	if err := r.WH.CreateView(ctx, tmp, sql); err != nil {
		return err
	}
	defer func() { _ = r.WH.Drop(context.WithoutCancel(ctx), tmp) }()
	if err := r.gate(ctx, n, tmp, nr); err != nil {
		return notPublished(n, err)
	}
	return r.WH.CreateView(ctx, rel, sql)
}

// gate runs n's checks on rel, records their outcomes, and fails when a gate
// fails.
func (r *Runner) gate(ctx context.Context, n *models.Node, rel adapters.RelName, nr *NodeResult) error {
	nr.Checks = nr.Checks[:0]
	return r.gateWith(ctx, r.WH, n, n.Checks, rel, nr)
}

// gateWith runs checks through q (a transaction's view, for merges) and
// appends their outcomes to nr.
func (r *Runner) gateWith(ctx context.Context, q adapters.Querier, n *models.Node, checks []models.Check, rel adapters.RelName, nr *NodeResult) error {
	var failed []string
	for _, o := range runChecks(ctx, q, checks, rel, r.physical) {
		nr.Checks = append(nr.Checks, CheckResult{Kind: o.Check.Kind, Status: o.Status, Failures: o.Failures,
			Rule: o.Check.Rule, Columns: o.Check.Columns, Error: o.Err, Examples: examples(o)})
		if o.Status == "fail" || o.Status == "error" {
			failed = append(failed, describe(o))
		}
	}
	if len(failed) > 0 {
		return fmt.Errorf("%d check(s) failed:\n%s", len(failed), strings.Join(failed, "\n"))
	}
	return nil
}

func (r *Runner) physical(name string) (adapters.RelName, bool) {
	n := r.Project.Node(name)
	if n == nil || !n.IsRelation() {
		return adapters.RelName{}, false
	}
	return adapters.ParseRelName(r.Project.Target.Physical(n)), true
}

// land streams an extract source's rows into a temporary table, checks that
// every row extracted landed (and the source's key), then swaps it in.
func (r *Runner) land(ctx context.Context, n *models.Node, rel adapters.RelName, nr *NodeResult) (int64, error) {
	if r.Extract == nil {
		return 0, fmt.Errorf("source %s: no extract adapter for %q sources", n.Name, n.Type)
	}
	ex, err := r.Extract(ctx, n)
	if err != nil {
		return 0, fmt.Errorf("source %s: %w", n.Name, err)
	}
	defer ex.Close()
	t, err := r.loadExtract(ctx, rel, ex)
	if err != nil {
		return 0, err
	}
	nr.Checks = nr.Checks[:0]
	cr := CheckResult{Kind: "row_count", Rule: "extract", Status: "pass",
		Examples: []map[string]any{{"extracted": ex.Count(), "landed": t.Rows}}}
	if t.Rows != ex.Count() {
		cr.Status, cr.Failures = "fail", 1
		nr.Checks = append(nr.Checks, cr)
		_ = r.WH.DropTemp(context.WithoutCancel(ctx), t)
		return 0, fmt.Errorf("landed %d rows of the %d extracted", t.Rows, ex.Count())
	}
	nr.Checks = append(nr.Checks, cr)
	if err := r.verify(ctx, ex, n, t.Tmp, nr); err != nil {
		_ = r.WH.DropTemp(context.WithoutCancel(ctx), t)
		return 0, err
	}
	return r.swapIfPassed(ctx, n, t, r.gateWith(ctx, r.WH, n, n.Checks, t.Tmp, nr))
}

// loadExtract lands ex in a temporary table. When the extract can hand over
// COPY text and the warehouse can load it as it is (PostgreSQL to
// PostgreSQL), the bytes go straight through, which is as fast as psql's
// \copy pipe; otherwise every row goes through LoadTemp. Either way ex.Count
// is the number of rows extracted afterwards.
func (r *Runner) loadExtract(ctx context.Context, rel adapters.RelName, ex adapters.Extract) (adapters.Temp, error) {
	if cs, ok := ex.(adapters.CopySource); ok {
		if cl, ok := r.WH.(adapters.CopyLoader); ok {
			return cl.LoadCopyText(ctx, rel, ex.Columns(), cs)
		}
	}
	return r.WH.LoadTemp(ctx, rel, ex.Columns(), ex)
}

// verify runs the extract's sampled diff on the landed rows, when the
// extract can and the source has a key to match rows by.
func (r *Runner) verify(ctx context.Context, ex adapters.Extract, n *models.Node, tmp adapters.RelName, nr *NodeResult) error {
	v, ok := ex.(adapters.Verifier)
	if !ok || len(n.PrimaryKey) == 0 {
		return nil
	}
	res, err := v.Verify(ctx, r.WH, tmp, n.PrimaryKey)
	if err != nil {
		return fmt.Errorf("sampled diff: %w", err)
	}
	cr := CheckResult{Kind: "sample_diff", Columns: n.PrimaryKey, Rule: "extract", Status: "pass",
		Failures: int64(res.Mismatched + res.Missing), Examples: res.Examples}
	if cr.Failures > 0 {
		cr.Status = "fail"
	}
	nr.Checks = append(nr.Checks, cr)
	if cr.Failures > 0 {
		return fmt.Errorf("sampled diff: %d of %d sampled rows differ from the source (%d missing)", res.Mismatched+res.Missing, res.Sampled, res.Missing)
	}
	return nil
}

func (r *Runner) loadSeed(ctx context.Context, n *models.Node, rel adapters.RelName, nr *NodeResult) (int64, error) {
	src, closeFn, err := OpenSeed(r.Files, n)
	if err != nil {
		return 0, err
	}
	defer closeFn()
	t, err := r.WH.LoadTemp(ctx, rel, n.Columns, src)
	if err != nil {
		return 0, err
	}
	return r.publish(ctx, n, t, nr)
}

// notPublished says that a gate kept the previous version of n.
func notPublished(n *models.Node, err error) error {
	return fmt.Errorf("%s was not published (its previous version stays): %w", n.Name, err)
}

// describe renders a failed check for the node's error message.
func describe(o CheckOutcome) string {
	head := "  " + checkLabel(o.Check)
	if o.Status == "error" {
		return head + ": could not run: " + o.Err
	}
	return fmt.Sprintf("%s: %d failing", head, o.Failures)
}

func checkLabel(c models.Check) string {
	s := c.Kind
	if c.Name != "" {
		s += " " + c.Name
	}
	if len(c.Columns) > 0 {
		s += "(" + strings.Join(c.Columns, ", ") + ")"
	}
	if c.Op != "" {
		s += " " + c.Op + " " + c.Of
	}
	return s + " [" + c.Rule + "]"
}

// examples renders failing rows as column → value maps for run_results.json.
func examples(o CheckOutcome) []map[string]any {
	var out []map[string]any
	for _, row := range o.Examples {
		m := map[string]any{}
		for i, v := range row {
			if i < len(o.Columns) {
				m[o.Columns[i]] = v
			}
		}
		out = append(out, m)
	}
	return out
}

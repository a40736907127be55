package runtime

import (
	"context"

	"github.com/quill-etl/quill/adapters"
	"github.com/quill-etl/quill/models"
)

// Test runs the checks of the selected nodes against the relations as they
// are in the target now (`quill test`). Nodes without checks are left out.
func Test(ctx context.Context, wh adapters.Warehouse, p *models.Project, selected map[string]bool) *Result {
	r := &Runner{WH: wh, Project: p}
	res := &Result{Version: 1, Target: p.Target.Name}
	results := map[string]*NodeResult{}
	for _, n := range p.Nodes {
		if !selected[n.Name] || !n.IsRelation() || len(n.Checks) == 0 {
			continue
		}
		nr := &NodeResult{Name: n.Name, Action: "test", Status: StatusSuccess}
		rel, _ := r.physical(n.Name)
		if err := r.gate(ctx, n, rel, nr); err != nil {
			nr.Status, nr.Error = StatusError, err.Error()
		}
		results[n.Name] = nr
	}
	res.finish(results) // sorts by name
	return res
}

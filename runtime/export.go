package runtime

import (
	"cmp"
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/quill-etl/quill/adapters"
	"github.com/quill-etl/quill/adapters/nostos"
	"github.com/quill-etl/quill/models"
)

// export writes a sink's relation as the next version of its Nostos
// dataset: the rows stream from the warehouse (key and fields only), the
// store checks the version (key count against the warehouse's distinct keys,
// a sample of rows read back field by field) and only then makes it active,
// dropping the versions beyond keep. Any failure leaves the active version
// serving.
func (r *Runner) export(ctx context.Context, n *models.Node, nr *NodeResult) (int64, error) {
	if r.Stores == nil {
		return 0, fmt.Errorf("sink %s: no Nostos store is configured", n.Name)
	}
	store, err := r.Stores(ctx, n)
	if err != nil {
		return 0, fmt.Errorf("sink %s: opening its %s store: %w", n.Name, cmp.Or(n.Config["store"], "embedded"), err)
	}
	if len(n.DependsOn) != 1 {
		return 0, fmt.Errorf("sink %s: exports exactly one relation", n.Name)
	}
	from, ok := r.physical(n.DependsOn[0])
	if !ok {
		return 0, fmt.Errorf("sink %s: unknown relation %s", n.Name, n.DependsOn[0])
	}
	var fields []string
	if f := n.Config["fields"]; f != "" {
		fields = strings.Split(f, ",")
	}
	keep, _ := strconv.Atoi(n.Config["keep"])
	key := quoteAll(n.PrimaryKey)
	cols := "*"
	if len(fields) > 0 {
		cols = strings.Join(append(append([]string{}, key...), quoteAll(fields)...), ", ")
	}
	rows, err := r.WH.Stream(ctx, fmt.Sprintf(`SELECT %s FROM %s ORDER BY %s`, cols, from.Quoted(), strings.Join(key, ", ")))
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	spec := nostos.Spec{Dataset: n.Name, Key: n.PrimaryKey, Fields: fields, Collect: n.Config["collect"], Keep: keep,
		CountKeys: func(ctx context.Context) (int64, error) { return r.countKeys(ctx, from, key) }}
	res, err := nostos.Export(ctx, rows, store, spec)
	if err != nil {
		return 0, fmt.Errorf("export of %s (the active version keeps serving): %w", n.Name, err)
	}
	nr.Checks = append(nr.Checks[:0],
		CheckResult{Kind: "row_count", Columns: n.PrimaryKey, Rule: "nostos_keys", Status: "pass",
			Examples: []map[string]any{{"version": res.Version, "keys": res.Keys, "rows": res.Rows, "dropped": res.Dropped}}},
		CheckResult{Kind: "sample_diff", Columns: n.PrimaryKey, Rule: "nostos", Status: "pass",
			Examples: []map[string]any{{"sampled": res.Sampled}}})
	return res.Rows, nil
}

// countKeys counts the distinct keys of a relation.
func (r *Runner) countKeys(ctx context.Context, rel adapters.RelName, key []string) (int64, error) {
	res, err := r.WH.Query(ctx, fmt.Sprintf(`SELECT count(*) FROM (SELECT DISTINCT %s FROM %s) AS k`, strings.Join(key, ", "), rel.Quoted()))
	if err != nil {
		return 0, err
	}
	return i64(res.Rows[0][0]), nil
}

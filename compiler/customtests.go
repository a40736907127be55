package compiler

import (
	"sort"
	"strings"

	"github.com/quill-etl/quill/compiler/sqlparse"
	"github.com/quill-etl/quill/macros"
	"github.com/quill-etl/quill/models"
	"github.com/quill-etl/quill/models/diag"
)

// customTests turns every tests/*.sql (a SELECT that returns the failing
// rows) into a custom check. It gates the relation it reads that is built
// last, so it runs once all its inputs are current: before that relation's
// swap, with the placeholder of models.GatePlaceholder standing for it.
func (c *compilation) customTests(order []*models.Node) diag.Diagnostics {
	var diags diag.Diagnostics
	rank := map[string]int{}
	for i, n := range order {
		rank[n.Name] = i
	}
	files := sortedKeys(c.in.tests)
	for _, file := range files {
		src := c.in.tests[file]
		env := macros.Env{TargetName: c.p.Target.Name, TargetAdapter: c.p.Target.Adapter,
			SchemaPrefix: c.p.Target.SchemaPrefix, Vars: c.cfg.Vars, Environ: c.opts.Env}
		sql, smap, ds := macros.Expand(file, src, c.lib, env)
		diags = diags.Append(ds)
		if ds.HasErrors() {
			continue
		}
		n := &models.Node{Name: file, File: file, RawSQL: string(src), SQL: sql, Map: smap}
		q, err := sqlparse.Parse(sql)
		if err != nil {
			diags = diags.Append(c.sqlError(n, err))
			continue
		}
		deps, ds := c.testDeps(n, q)
		diags = diags.Append(ds)
		if ds.HasErrors() {
			continue
		}
		if len(deps) == 0 {
			diags = diags.Append(diag.At("QL018", file, src, 0, 0, "a test must read at least one relation of the project", ""))
			continue
		}
		sort.Slice(deps, func(i, j int) bool { return rank[deps[i]] > rank[deps[j]] })
		gated := c.byName[deps[0]]
		check, err := c.customCheck(file, q, gated)
		if err != nil {
			diags = diags.Append(diag.Errorf("QL000", "internal error rewriting %s: %v", file, err))
			continue
		}
		gated.Checks = append(gated.Checks, check)
	}
	return diags
}

// testDeps resolves the relations a test reads.
func (c *compilation) testDeps(n *models.Node, q *sqlparse.Query) ([]string, diag.Diagnostics) {
	var diags diag.Diagnostics
	byBare, names := c.relationIndex()
	seen := map[string]bool{}
	var deps []string
	for _, r := range q.Relations() {
		name, _, d := c.resolveRef(n, r, byBare, names)
		if d != nil {
			diags = diags.Append(*d)
			continue
		}
		if !seen[name] {
			seen[name] = true
			deps = append(deps, name)
		}
	}
	return deps, diags
}

// customCheck compiles a test's SQL for the target, with the gated relation
// replaced by the placeholder.
func (c *compilation) customCheck(file string, q *sqlparse.Query, gated *models.Node) (models.Check, error) {
	ph := strings.SplitN(models.GatePlaceholder, ".", 2)
	sql, err := q.Rewrite(func(schema, name string) (string, string) {
		p := c.byName[c.resolveName(schema, name)]
		switch {
		case p == nil:
			return schema, name
		case p == gated:
			return ph[0], ph[1]
		}
		s, r := models.Relation(p.Name)
		return c.p.Target.PhysicalSchema(p, s), r
	})
	return models.Check{Kind: "custom", Name: file, Expr: sql, Rule: "declared", Gate: true}, err
}

package compiler

import (
	"sort"

	"github.com/quill-etl/quill/compiler/sqlparse"
	"github.com/quill-etl/quill/models"
)

// inferChecks appends the checks n's SQL implies (SPEC §5) to its declared
// ones. infer calls it in dependency order, so keys inferred for a model
// are known to the models that read it. A declared check on the same
// columns wins over an inferred key. Incremental and upsert models get no
// inferred checks: the table accumulates batches, so neither the keys nor
// the row count of one batch's SELECT describe it.
func (c *compilation) inferChecks(n *models.Node, q *sqlparse.Query, cat sqlparse.Catalog, keys sqlparse.KeyCatalog) {
	if n.Materialized == models.Incremental || n.Materialized == models.Upsert {
		return
	}
	for _, ic := range q.Checks(cat, keys) {
		ch := models.Check{Kind: ic.Kind, Columns: ic.Columns, Op: ic.Op, Rule: ic.Rule, Gate: true}
		if ic.Kind == sqlparse.CheckRowCount {
			of := c.resolveName(ic.Of.Schema, ic.Of.Name)
			if p := c.byName[of]; p == nil || !p.IsRelation() || p == n {
				continue // the runtime could not count it
			}
			ch.Of = of
		}
		if !declaredKey(n.Checks, ch) {
			n.Checks = append(n.Checks, ch)
		}
	}
}

// declaredKey reports whether checks already hold a primary key over ch's
// columns (which also makes a unique check on them redundant).
func declaredKey(checks []models.Check, ch models.Check) bool {
	if ch.Kind != sqlparse.CheckPrimaryKey && ch.Kind != sqlparse.CheckUnique {
		return false
	}
	for _, d := range checks {
		if d.Kind == sqlparse.CheckPrimaryKey && sameSet(d.Columns, ch.Columns) {
			return true
		}
	}
	return false
}

// keyCatalog answers key lookups from the nodes compiled so far: every
// gating primary_key check (declared, a source's key, inferred) is a key
// whose columns are never NULL; a gating unique check is a key that may
// hold NULLs.
func (c *compilation) keyCatalog() sqlparse.KeyCatalog {
	return func(schema, name string) []sqlparse.Key {
		n := c.byName[c.resolveName(schema, name)]
		if n == nil {
			return nil
		}
		var out []sqlparse.Key
		for _, ch := range n.Checks {
			if !ch.Gate || len(ch.Columns) == 0 {
				continue
			}
			switch ch.Kind {
			case sqlparse.CheckPrimaryKey:
				out = append(out, sqlparse.Key{Columns: ch.Columns, NotNull: true})
			case sqlparse.CheckUnique:
				out = append(out, sqlparse.Key{Columns: ch.Columns})
			}
		}
		return out
	}
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	x, y := append([]string(nil), a...), append([]string(nil), b...)
	sort.Strings(x)
	sort.Strings(y)
	for i := range x {
		if x[i] != y[i] {
			return false
		}
	}
	return true
}

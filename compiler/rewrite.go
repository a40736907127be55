package compiler

import (
	"strings"

	"github.com/quill-etl/quill/compiler/sqlparse"
	"github.com/quill-etl/quill/models"
	"github.com/quill-etl/quill/models/diag"
)

// rewrite gives every model its SQL for the target (and, for incremental
// models that call is_incremental(), the SQL of an incremental run):
// relation names become physical names (schema_prefix, qualification of
// bare names). Without a prefix or bare names the expanded SQL is used as
// written.
func (c *compilation) rewrite() diag.Diagnostics {
	var diags diag.Diagnostics
	for _, n := range c.p.Nodes {
		pm := c.parsed[n]
		if pm == nil {
			continue
		}
		var err error
		if n.CompiledSQL, err = c.targetSQL(c.p.Target, pm.q, pm.refs, n.SQL); err != nil {
			diags = diags.Append(diag.Errorf("QL000", "internal error rewriting %s: %v", n.Name, err))
		}
		if pm.incr != nil {
			if n.IncrementalSQL, err = c.targetSQL(c.p.Target, pm.incr, pm.incr.Relations(), pm.incrSQL); err != nil {
				diags = diags.Append(diag.Errorf("QL000", "internal error rewriting %s: %v", n.Name, err))
			}
		}
	}
	return diags
}

// targetSQL renames the relations of q for tgt.
func (c *compilation) targetSQL(tgt models.Target, q *sqlparse.Query, refs []sqlparse.RelRef, text string) (string, error) {
	if tgt.SchemaPrefix == "" && !hasBare(refs) {
		return statementText(text), nil
	}
	return q.Rewrite(func(schema, name string) (string, string) {
		p := c.byName[c.resolveName(schema, name)]
		if p == nil {
			return schema, name
		}
		s, r := models.Relation(p.Name)
		return tgt.PhysicalSchema(p, s), r
	})
}

func hasBare(refs []sqlparse.RelRef) bool {
	for _, r := range refs {
		if r.Schema == "" {
			return true
		}
	}
	return false
}

// statementText trims a model's SQL to its statement: surrounding blank space
// and a final semicolon go. Adapters put the text on lines of its own, so a
// trailing line comment is harmless.
func statementText(sql string) string {
	s := strings.TrimSpace(sql)
	for strings.HasSuffix(s, ";") {
		s = strings.TrimSpace(strings.TrimSuffix(s, ";"))
	}
	return s
}

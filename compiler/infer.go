package compiler

import (
	"sort"
	"strings"

	"github.com/quill-etl/quill/compiler/sqlparse"
	"github.com/quill-etl/quill/models"
	"github.com/quill-etl/quill/models/diag"
)

// infer fills every model's output columns and lineage, in dependency order
// so each model sees the columns of what it reads. Problems (an unknown
// column, `*` over a relation of unknown columns) are warnings: the database
// has the last word.
func (c *compilation) infer(order []*models.Node) diag.Diagnostics {
	var diags diag.Diagnostics
	cat := c.catalog()
	for _, n := range order {
		pm := c.parsed[n]
		if pm == nil {
			continue
		}
		cols, problems := pm.q.Columns(cat)
		n.Columns = make([]models.Column, len(cols))
		for i, oc := range cols {
			from := make([]string, len(oc.From))
			for j, f := range oc.From {
				from[j] = c.resolveName(f.Schema, f.Name) + "." + f.Column
			}
			sort.Strings(from)
			n.Columns[i] = models.Column{Name: oc.Name, Type: oc.Type, From: from}
		}
		for _, pr := range problems {
			orig := n.Map.Orig(pr.Offset)
			d := diag.At("QL020", n.File, []byte(n.RawSQL), orig, orig+1, pr.Msg, "")
			d.Severity, d.Addr = diag.Warning, n.Name
			diags = diags.Append(d)
		}
	}
	return diags
}

// catalog answers column lookups from the nodes compiled so far.
func (c *compilation) catalog() sqlparse.Catalog {
	return func(schema, name string) ([]sqlparse.CatalogColumn, bool) {
		n := c.byName[c.resolveName(schema, name)]
		if n == nil || n.Columns == nil {
			return nil, false
		}
		out := make([]sqlparse.CatalogColumn, len(n.Columns))
		for i, col := range n.Columns {
			out[i] = sqlparse.CatalogColumn{Name: col.Name, Type: col.Type}
		}
		return out, true
	}
}

// resolveName maps a written relation name to its producer's name; an
// unqualified name maps to the one relation with that name.
func (c *compilation) resolveName(schema, name string) string {
	if schema != "" {
		return schema + "." + name
	}
	if c.bare == nil {
		c.bare = map[string]string{}
		for full := range c.byName {
			_, b := models.Relation(full)
			if _, dup := c.bare[b]; dup {
				c.bare[b] = ""
			} else {
				c.bare[b] = full
			}
		}
	}
	if full := c.bare[name]; full != "" {
		return full
	}
	return name
}

// rewrite gives every model its SQL for the target: relation names become
// physical names (schema_prefix, qualification of bare names). Without a
// prefix or bare names the expanded SQL is used as written.
func (c *compilation) rewrite() diag.Diagnostics {
	var diags diag.Diagnostics
	tgt := c.p.Target
	for _, n := range c.p.Nodes {
		pm := c.parsed[n]
		if pm == nil {
			continue
		}
		if tgt.SchemaPrefix == "" && !hasBare(pm.refs) {
			n.CompiledSQL = statementText(n.SQL)
			continue
		}
		sql, err := pm.q.Rewrite(func(schema, name string) (string, string) {
			p := c.byName[c.resolveName(schema, name)]
			if p == nil {
				return schema, name
			}
			s, r := models.Relation(p.Name)
			return tgt.PhysicalSchema(p, s), r
		})
		if err != nil {
			diags = diags.Append(diag.Errorf("QL000", "internal error rewriting %s: %v", n.Name, err))
			continue
		}
		n.CompiledSQL = sql
	}
	return diags
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

package compiler

import (
	"sort"

	"github.com/quill-etl/quill/compiler/sqlparse"
	"github.com/quill-etl/quill/models"
	"github.com/quill-etl/quill/models/diag"
)

// infer fills every model's output columns, lineage and inferred checks, in
// dependency order so each model sees the columns and keys of what it
// reads. Problems (an unknown
// column, `*` over a relation of unknown columns) are warnings: the database
// has the last word.
func (c *compilation) infer(order []*models.Node) diag.Diagnostics {
	var diags diag.Diagnostics
	cat, keys := c.catalog(), c.keyCatalog()
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
		c.inferChecks(n, pm.q, cat, keys)
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

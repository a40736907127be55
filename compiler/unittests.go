package compiler

import (
	"encoding/json"
	"fmt"
	"sort"

	"github.com/quill-etl/quill/compiler/load"
	"github.com/quill-etl/quill/models"
	"github.com/quill-etl/quill/models/diag"
)

// unitTests resolves the project's unit_test blocks: the model must exist,
// every given relation must be one the model reads, and fixtures get the
// producer's columns so the model's SQL finds every column it names.
func (c *compilation) unitTests() diag.Diagnostics {
	var diags diag.Diagnostics
	for _, u := range c.cfg.UnitTests {
		n := c.byName[u.Model]
		pm := c.parsed[n]
		if n == nil || n.Kind != models.KindModel || pm == nil {
			at := u.Attrs["model"]
			diags = diags.Append(diag.Diagnostic{Severity: diag.Error, Code: "QL016", Subject: &at,
				Summary: fmt.Sprintf("unit test %q: %q is not a model of this project", u.Name, u.Model)})
			continue
		}
		sql, err := c.targetSQL(models.Target{}, pm.q, pm.refs, n.SQL)
		if err != nil {
			diags = diags.Append(diag.Errorf("QL000", "internal error rewriting %s: %v", n.Name, err))
			continue
		}
		ut := models.UnitTest{Name: u.Name, Model: u.Model, SQL: sql, Decl: u.Decl}
		for _, g := range u.Given {
			if !contains(n.DependsOn, g.Relation) {
				at := g.Decl
				diags = diags.Append(diag.Diagnostic{Severity: diag.Error, Code: "QL016", Subject: &at,
					Summary: fmt.Sprintf("unit test %q gives rows for %s, which %s does not read", u.Name, g.Relation, u.Model),
					Detail:  fmt.Sprintf("%s reads %v.", u.Model, n.DependsOn)})
				continue
			}
			ut.Given = append(ut.Given, fixture(g, c.byName[g.Relation].Columns))
		}
		diags = diags.Append(c.emptyInputs(u, n, &ut))
		if u.Expect != nil {
			ut.Expect = fixture(u.Expect, nil)
		}
		c.p.UnitTests = append(c.p.UnitTests, ut)
	}
	return diags
}

// fixture lays out fixture rows over known columns (a producer's) plus any
// other column the rows name, sorted; missing cells are NULL.
func fixture(f *load.Fixture, known []models.Column) models.Fixture {
	cols := append([]models.Column(nil), known...)
	have := map[string]bool{}
	for _, col := range cols {
		have[col.Name] = true
	}
	var extra []string
	for _, r := range f.Rows {
		for k := range r {
			if !have[k] {
				have[k] = true
				extra = append(extra, k)
			}
		}
	}
	sort.Strings(extra)
	for _, k := range extra {
		cols = append(cols, models.Column{Name: k, Type: fixtureType(f.Rows, k)})
	}
	out := models.Fixture{Relation: f.Relation, Columns: cols}
	for _, r := range f.Rows {
		row := make([]any, len(cols))
		for i, col := range cols {
			row[i] = r[col.Name]
			if n, ok := row[i].(json.Number); ok {
				row[i] = string(n)
			}
		}
		out.Rows = append(out.Rows, row)
	}
	return out
}

// fixtureType picks a column type from the values a fixture gives it.
func fixtureType(rows []map[string]any, col string) string {
	typ := ""
	for _, r := range rows {
		var t string
		switch r[col].(type) {
		case nil:
			continue
		case bool:
			t = "boolean"
		case int64:
			t = "bigint"
		case json.Number:
			t = "numeric"
		case string:
			t = "text"
		}
		if typ == "" || (typ == "bigint" && t == "numeric") {
			typ = t
		} else if typ != t && !(typ == "numeric" && t == "bigint") {
			typ = "text"
		}
	}
	if typ == "" {
		return "text"
	}
	return typ
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// emptyInputs gives every input the test does not give rows for an empty
// table with its producer's columns, so the model's SQL runs; an input whose
// columns are unknown (an external source without columns) must be given.
func (c *compilation) emptyInputs(u *load.UnitTest, n *models.Node, ut *models.UnitTest) diag.Diagnostics {
	var diags diag.Diagnostics
	given := map[string]bool{}
	for _, g := range ut.Given {
		given[g.Relation] = true
	}
	for _, d := range n.DependsOn {
		p := c.byName[d]
		if given[d] || p == nil {
			continue
		}
		if len(p.Columns) == 0 {
			diags = diags.Append(diag.Diagnostic{Severity: diag.Error, Code: "QL016", Subject: &u.Decl,
				Summary: fmt.Sprintf("unit test %q must give rows for %s: its columns are unknown", u.Name, d)})
			continue
		}
		ut.Given = append(ut.Given, models.Fixture{Relation: d, Columns: p.Columns})
	}
	return diags
}

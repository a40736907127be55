package load

import (
	"encoding/json"
	"fmt"
	"math/big"

	"github.com/hashicorp/hcl/v2"
	"github.com/quill-etl/quill/models/diag"
	"github.com/zclconf/go-cty/cty"
)

// UnitTest is a `unit_test "NAME"` block: fixture rows for a model's inputs
// and the rows it must return, run on the embedded engine.
//
//	unit_test "paid_orders_only" {
//	  model = "marts.revenue"
//	  given "staging.orders" {
//	    rows = [{ customer_id = 1, amount = 10, status = "paid" }]
//	  }
//	  expect {
//	    rows = [{ customer_id = 1, revenue = 10 }]
//	  }
//	}
type UnitTest struct {
	Name   string     `json:"name"`
	Model  string     `json:"model"`
	Given  []*Fixture `json:"given"`
	Expect *Fixture   `json:"expect"`
	Decl   diag.Range `json:"-"`
	Attrs  Ranges     `json:"-"`
}

// Fixture is a set of rows: for a given relation, or the expected output.
// Each row maps column names to nil, bool, int64, string or json.Number (a
// number that is not an integer, kept as its decimal text so nothing is
// rounded).
type Fixture struct {
	Relation string           `json:"relation,omitempty"`
	Rows     []map[string]any `json:"rows"`
	Decl     diag.Range       `json:"-"`
}

func (l *loader) loadUnitTest(b *hcl.Block) {
	name := b.Labels[0]
	if !l.checkIdent(name, b.LabelRanges[0], "unit test name") || l.dup("unit_test", name, b.LabelRanges[0]) {
		return
	}
	c, rs := l.content(b, &hcl.BodySchema{
		Attributes: attrs("model!"),
		Blocks:     []hcl.BlockHeaderSchema{{Type: "given", LabelNames: []string{"relation"}}, {Type: "expect"}},
	}, "A unit test")
	u := &UnitTest{Name: name, Decl: l.rng(b.DefRange), Attrs: rs}
	if a := c.Attributes["model"]; a != nil {
		if m, ok := l.str(a); ok && l.checkRelation(m, a.Expr.Range(), "model") {
			u.Model = m
		}
	}
	for _, fb := range c.Blocks {
		f := l.fixture(fb)
		if fb.Type == "expect" {
			if u.Expect != nil {
				l.errorAt(CodeDuplicate, fb.DefRange, "Duplicate expect block", "A unit test has one expect block.")
			}
			u.Expect = f
			continue
		}
		if l.checkRelation(fb.Labels[0], fb.LabelRanges[0], "given relation") {
			f.Relation = fb.Labels[0]
			u.Given = append(u.Given, f)
		}
	}
	if u.Expect == nil {
		l.errorAt(CodeMissingArg, b.DefRange, "Missing expect block", "A unit test needs expect { rows = [...] }: the rows the model must return.")
	}
	l.cfg.UnitTests = append(l.cfg.UnitTests, u)
}

// fixture decodes `rows = [{ col = value, ... }, ...]`.
func (l *loader) fixture(b *hcl.Block) *Fixture {
	c, _ := l.content(b, &hcl.BodySchema{Attributes: attrs("rows!")}, "A fixture")
	f := &Fixture{Decl: l.rng(b.DefRange), Rows: []map[string]any{}}
	a := c.Attributes["rows"]
	if a == nil {
		return f
	}
	v, hds := a.Expr.Value(l.ctx)
	l.fromHCL(hds, CodeType)
	if hds.HasErrors() || !v.IsWhollyKnown() {
		return f
	}
	if v.IsNull() || !(v.Type().IsListType() || v.Type().IsTupleType()) {
		l.typeError(a, "a list of objects, like [{ id = 1, name = \"a\" }]")
		return f
	}
	for it := v.ElementIterator(); it.Next(); {
		_, row := it.Element()
		if row.IsNull() || !(row.Type().IsObjectType() || row.Type().IsMapType()) {
			l.typeError(a, "a list of objects, like [{ id = 1, name = \"a\" }]")
			return f
		}
		m := map[string]any{}
		for ri := row.ElementIterator(); ri.Next(); {
			k, cell := ri.Element()
			val, err := goValue(cell)
			if err != nil {
				l.errorAt(CodeType, a.Expr.Range(), "Unsupported fixture value", fmt.Sprintf("Column %q: %v.", k.AsString(), err))
				return f
			}
			m[k.AsString()] = val
		}
		f.Rows = append(f.Rows, m)
	}
	return f
}

// goValue converts a fixture cell to a Go value LoadTemp accepts.
func goValue(v cty.Value) (any, error) {
	switch {
	case v.IsNull():
		return nil, nil
	case v.Type() == cty.String:
		return v.AsString(), nil
	case v.Type() == cty.Bool:
		return v.True(), nil
	case v.Type() == cty.Number:
		bf := v.AsBigFloat()
		if bf.IsInt() {
			if i, acc := bf.Int64(); acc == big.Exact {
				return i, nil
			}
		}
		return json.Number(bf.Text('f', -1)), nil
	}
	return nil, fmt.Errorf("want a string, number, bool or null, not %s", v.Type().FriendlyName())
}

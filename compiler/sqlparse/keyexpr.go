package sqlparse

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// targets analyses the select list: each output column's name and value
// id, and what the expressions contain.
func (a *kan) targets(list []*pg_query.Node, lv *klevel) (*krel, kflags) {
	out := &krel{}
	var fl kflags
	single := false
	for _, n := range list {
		rt := n.GetResTarget()
		if rt == nil {
			continue
		}
		if cr := rt.GetVal().GetColumnRef(); cr != nil && isStar(cr) {
			single = a.star(cr, lv, out) && len(list) == 1
			continue
		}
		a.flags(rt.Val, lv, &fl)
		c := kcol{name: rt.Name, sure: rt.Name != "", id: a.valueID(rt.Val, lv)}
		if c.name == "" {
			c.name, _ = figureName(rt.Val)
			c.sure = rt.Val.GetColumnRef() != nil
		}
		out.cols = append(out.cols, c)
	}
	out.single = !out.open || single
	return out, fl
}

// star appends the columns of `*` or `t.*`; it reports whether they are
// all the columns of one relation.
func (a *kan) star(cr *pg_query.ColumnRef, lv *klevel, out *krel) bool {
	parts := lv.entries
	if names := fieldNames(cr); len(names) > 0 {
		it := lv.findItem(names)
		if it == nil {
			out.open = true
			return false
		}
		parts = []*krel{it.r}
	}
	for _, p := range parts {
		for _, c := range p.cols {
			out.cols = append(out.cols, kcol{name: c.name, sure: true, id: c.id})
		}
		out.open = out.open || p.open
	}
	return len(parts) == 1 && parts[0].single
}

// valueID returns the id of a select-list expression: a column keeps its
// input's id, row_number() gets one recorded with its partition key, any
// other expression a new one.
func (a *kan) valueID(n *pg_query.Node, lv *klevel) int {
	if cr := n.GetColumnRef(); cr != nil {
		if id := a.colID(cr, lv); id >= 0 {
			return id
		}
		return a.newID(false)
	}
	if f := n.GetFuncCall(); f != nil && f.Over != nil && funcName(f) == "row_number" {
		return a.rowNumber(f, lv)
	}
	id := a.newID(a.notNull(n, lv))
	lv.exprs = append(lv.exprs, kexpr{n: n, id: id})
	return id
}

// rowNumber records that (PARTITION BY …, row_number()) is a key: numbers
// run 1, 2, … within each partition. rank() and dense_rank() tie.
func (a *kan) rowNumber(f *pg_query.FuncCall, lv *klevel) int {
	id := a.newID(true)
	a.rn[id] = true
	w := f.Over
	parts := w.PartitionClause
	for depth := 0; len(parts) == 0 && depth < 8; depth++ {
		ref := w.Refname
		if ref == "" {
			ref = w.Name
		}
		if w = lv.namedWindow(ref); w == nil {
			break
		}
		parts = w.PartitionClause
	}
	ids := []int{id}
	for _, p := range parts {
		pid := -1
		if cr := p.GetColumnRef(); cr != nil {
			pid = a.colID(cr, lv)
		} else {
			pid = lv.exprID(p)
		}
		ids = append(ids, pid)
	}
	k := &krel{}
	k.addKey(ids, RuleRowNumber)
	lv.winKeys = append(lv.winKeys, k.keys...)
	return id
}

// namedWindow finds a WINDOW clause entry by name.
func (lv *klevel) namedWindow(name string) *pg_query.WindowDef {
	if name == "" {
		return nil
	}
	for _, n := range lv.windows {
		if d := n.GetWindowDef(); d != nil && d.Name == name {
			return d
		}
	}
	return nil
}

// colID resolves a column reference to the id of its value, or -1 when it
// cannot be told (unknown, ambiguous, a field of a composite).
func (a *kan) colID(cr *pg_query.ColumnRef, lv *klevel) int {
	names := fieldNames(cr)
	if isStar(cr) || len(names) == 0 || len(names) > 3 {
		return -1
	}
	if len(names) > 1 {
		it := lv.findItem(names[:len(names)-1])
		if it == nil {
			return -1
		}
		id, _ := a.find(it.r, names[len(names)-1])
		return id
	}
	for l := lv; l != nil; l = l.parent {
		id, n := -1, 0
		var open []*krel
		for _, e := range l.entries {
			if k := countNamed(e.cols, names[0]); k > 0 {
				n += k
				id = named(e.cols, names[0], false)
			} else if e.open {
				open = append(open, e)
			}
		}
		switch {
		case n == 1:
			return id
		case n > 1 || len(open) > 1:
			return -1
		case len(open) == 1:
			id, _ = a.find(open[0], names[0])
			return id
		}
	}
	return -1
}

func countNamed(cols []kcol, name string) int {
	n := 0
	for _, c := range cols {
		if c.name == name {
			n++
		}
	}
	return n
}

// findItem finds the FROM item a qualifier (`t` or `s.t`) names, innermost
// level first.
func (lv *klevel) findItem(q []string) *kitem {
	for l := lv; l != nil; l = l.parent {
		for i := len(l.items) - 1; i >= 0; i-- {
			it := &l.items[i]
			if len(q) == 1 && it.name == q[0] || len(q) == 2 && it.schema == q[0] && it.name == q[1] {
				return it
			}
		}
	}
	return nil
}

// groupID resolves a GROUP BY item: a position, an input column, an output
// column's name (only when no input column has it), or a select-list
// expression written again.
func (a *kan) groupID(g *pg_query.Node, lv *klevel, out *krel) int {
	if c := g.GetAConst(); c != nil {
		return position(c, out)
	}
	if cr := g.GetColumnRef(); cr != nil {
		names := fieldNames(cr)
		if len(names) == 1 && !lv.inputMayHave(names[0]) && countNamed(out.cols, names[0]) == 1 {
			return named(out.cols, names[0], false)
		}
		return a.colID(cr, lv)
	}
	return lv.exprID(g)
}

// orderID resolves a DISTINCT ON item by ORDER BY's rules: a position, an
// output column's name first, then the input.
func (a *kan) orderID(n *pg_query.Node, lv *klevel, out *krel) int {
	if c := n.GetAConst(); c != nil {
		return position(c, out)
	}
	if cr := n.GetColumnRef(); cr != nil {
		names := fieldNames(cr)
		if len(names) == 1 && countNamed(out.cols, names[0]) > 0 {
			if countNamed(out.cols, names[0]) > 1 {
				return -1
			}
			return named(out.cols, names[0], false)
		}
		return a.colID(cr, lv)
	}
	return lv.exprID(n)
}

// position resolves `GROUP BY 2`.
func position(c *pg_query.A_Const, out *krel) int {
	if c.GetIval() == nil || out.open {
		return -1
	}
	p := int(c.GetIval().Ival)
	if p < 1 || p > len(out.cols) {
		return -1
	}
	return out.cols[p-1].id
}

// inputMayHave reports whether a FROM entry of this level has, or may have,
// a column called name.
func (lv *klevel) inputMayHave(name string) bool {
	for _, e := range lv.entries {
		if e.open || countNamed(e.cols, name) > 0 {
			return true
		}
	}
	return false
}

// exprID finds the select-list expression n repeats, or -1.
func (lv *klevel) exprID(n *pg_query.Node) int {
	var b strings.Builder
	exprKey(n.ProtoReflect(), &b)
	key := b.String()
	for i := range lv.exprs {
		e := &lv.exprs[i]
		if e.key == "" {
			var eb strings.Builder
			exprKey(e.n.ProtoReflect(), &eb)
			e.key = eb.String()
		}
		if e.key == key {
			return e.id
		}
	}
	return -1
}

// exprKey writes a canonical form of a parse tree, without positions, in
// field order.
func exprKey(m protoreflect.Message, b *strings.Builder) {
	fields := m.Descriptor().Fields()
	for i := 0; i < fields.Len(); i++ {
		fd := fields.Get(i)
		if !m.Has(fd) || fd.Name() == "location" {
			continue
		}
		b.WriteString(string(fd.Name()))
		b.WriteByte('{')
		v := m.Get(fd)
		switch {
		case fd.IsList():
			l := v.List()
			for j := 0; j < l.Len(); j++ {
				keyValue(fd, l.Get(j), b)
				b.WriteByte(',')
			}
		default:
			keyValue(fd, v, b)
		}
		b.WriteByte('}')
	}
}

func keyValue(fd protoreflect.FieldDescriptor, v protoreflect.Value, b *strings.Builder) {
	if fd.Kind() == protoreflect.MessageKind {
		exprKey(v.Message(), b)
		return
	}
	b.WriteString(v.String())
}

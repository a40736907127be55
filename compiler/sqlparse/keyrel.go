package sqlparse

import "sort"

// The key analysis (Checks) follows values, not names: every value a query
// level can see gets an id, a projection or rename keeps the id, and keys
// are sets of ids. Two references to one relation (a self-join, a CTE read
// twice) get different ids, and the nullable side of an outer join gets
// fresh ids, so ids never confuse two values that can differ.

// kan holds the state of one Checks call.
type kan struct {
	cat  Catalog
	keys KeyCatalog
	nn   []bool // by id: the value is never NULL
	rn   []bool // by id: the value is a row_number(): an integer ≥ 1
	ctes []map[string]*krel
}

// newID allocates the id of a new value.
func (a *kan) newID(notNull bool) int {
	a.nn = append(a.nn, notNull)
	a.rn = append(a.rn, false)
	return len(a.nn) - 1
}

// kcol is a column of an intermediate result.
type kcol struct {
	name string
	sure bool // the name is the same in every engine: an alias, a column or `*`
	id   int
}

// kkey is a set of ids no two rows agree on (NULLs compare equal, as in
// GROUP BY): a strong key.
type kkey struct {
	ids  []int // sorted, unique
	rule string
}

// rowCount relates a result's row count to one real input's.
type rowCount struct {
	of   RelName
	op   string // "eq", "le", or "" when nothing is known
	rule string
}

// krel is what the key analysis knows about an intermediate result.
type krel struct {
	cols   []kcol
	open   bool    // columns beyond cols may exist (an input of unknown columns)
	single bool    // all columns come from one relation, so names are unique
	keys   []kkey  // strong keys over ids of cols
	weak   [][]int // unique among non-NULL values only: usable for join matching
	count  rowCount
	most   int // 0 unknown, 1 at most one row, 2 exactly one row
}

// find resolves a column name in r. ok is false when r has no such column
// (ambiguous names give -1, true). A relation of unknown columns gains the
// column, so later references get the same id.
func (a *kan) find(r *krel, name string) (id int, ok bool) {
	n := 0
	for _, c := range r.cols {
		if c.name == name {
			if n == 0 {
				id = c.id
			}
			n++
		}
	}
	switch {
	case n == 1:
		return id, true
	case n > 1:
		return -1, true
	case r.open:
		id = a.newID(false)
		r.cols = append(r.cols, kcol{name: name, sure: true, id: id})
		return id, true
	}
	return -1, false
}

// instance copies a CTE's result for one reference, with fresh ids.
func (a *kan) instance(r *krel) *krel {
	m := map[int]int{}
	out := a.remap(r, m, func(old int) int {
		id := a.newID(a.nn[old])
		a.rn[id] = a.rn[old]
		return id
	})
	return out
}

// nulled copies r as the nullable side of an outer join: every value gets a
// fresh, nullable id (recorded in m), keys follow, and the row count no
// longer relates to r's input.
func (a *kan) nulled(r *krel, m map[int]int) *krel {
	out := a.remap(r, m, func(int) int { return a.newID(false) })
	out.weak, out.count, out.most = nil, rowCount{}, 0
	return out
}

// remap copies r with ids mapped through m, filling m with fresh for ids it
// lacks.
func (a *kan) remap(r *krel, m map[int]int, fresh func(int) int) *krel {
	get := func(old int) int {
		if old < 0 {
			return old
		}
		if id, ok := m[old]; ok {
			return id
		}
		id := fresh(old)
		m[old] = id
		return id
	}
	out := &krel{open: r.open, single: r.single, count: r.count, most: r.most}
	for _, c := range r.cols {
		out.cols = append(out.cols, kcol{name: c.name, sure: c.sure, id: get(c.id)})
	}
	for _, k := range r.keys {
		out.keys = append(out.keys, kkey{ids: mapIDs(k.ids, get), rule: k.rule})
	}
	for _, w := range r.weak {
		out.weak = append(out.weak, mapIDs(w, get))
	}
	return out
}

func mapIDs(ids []int, f func(int) int) []int {
	out := make([]int, len(ids))
	for i, id := range ids {
		out[i] = f(id)
	}
	return idSet(out)
}

// idSet sorts and deduplicates ids in place.
func idSet(ids []int) []int {
	sort.Ints(ids)
	n := 0
	for i, id := range ids {
		if i == 0 || id != ids[n-1] {
			ids[n] = id
			n++
		}
	}
	return ids[:n]
}

func containsID(ids []int, id int) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// subset reports whether every id of x is in y.
func subset(x, y []int) bool {
	for _, id := range x {
		if !containsID(y, id) {
			return false
		}
	}
	return true
}

// addKey adds a key unless one of its ids is unknown (-1) or it is already
// there.
func (r *krel) addKey(ids []int, rule string) {
	ids = idSet(append([]int(nil), ids...))
	if len(ids) > 0 && ids[0] < 0 {
		return
	}
	for _, k := range r.keys {
		if len(k.ids) == len(ids) && subset(k.ids, ids) {
			return
		}
	}
	r.keys = append(r.keys, kkey{ids: ids, rule: rule})
}

// le weakens an exact row count to an upper bound, naming why.
func (c rowCount) le(rule string) rowCount {
	if c.op == "" {
		return c
	}
	return rowCount{of: c.of, op: "le", rule: rule}
}

// colIDs lists the ids of r's columns.
func (r *krel) colIDs() []int {
	out := make([]int, len(r.cols))
	for i, c := range r.cols {
		out[i] = c.id
	}
	return out
}

package sstable

import (
	"encoding/binary"
	"fmt"

	"github.com/quill-etl/quill/adapters/cassandra/cql"
)

// i32Reader walks the native-protocol encoding of frozen collections,
// tuples and UDTs: i32 counts and i32-length-prefixed elements.
type i32Reader struct{ b []byte }

func (r *i32Reader) int() (int32, error) {
	if len(r.b) < 4 {
		return 0, fmt.Errorf("collection truncated: expected 4 bytes, found %d", len(r.b))
	}
	v := int32(binary.BigEndian.Uint32(r.b))
	r.b = r.b[4:]
	return v, nil
}

// elem returns the next element; nil for a null (negative length).
func (r *i32Reader) elem() ([]byte, error) {
	n, err := r.int()
	if err != nil || n < 0 {
		return nil, err
	}
	if int(n) > len(r.b) {
		return nil, fmt.Errorf("collection element of %d bytes, %d left", n, len(r.b))
	}
	e := r.b[:n:n]
	r.b = r.b[n:]
	return e, nil
}

func elemType(t cql.Type, i int) cql.Type {
	if i < len(t.Elems) {
		return t.Elems[i]
	}
	return cql.Type{Kind: cql.Blob}
}

// decodeFrozenCollection decodes a frozen list, set or map: an i32 count,
// then the elements (map: key, value, key, value …).
func decodeFrozenCollection(t cql.Type, b []byte, depth int) (any, error) {
	r := &i32Reader{b: b}
	n, err := r.int()
	if err != nil {
		return nil, err
	}
	if n < 0 || int(n) > len(r.b)/4 {
		return nil, fmt.Errorf("%s of %d elements in %d bytes", t.Kind, n, len(r.b))
	}
	if t.Kind == cql.Map {
		out := make([]MapEntry, 0, n)
		for i := 0; i < int(n); i++ {
			k, err := decodeElem(r, elemType(t, 0), depth)
			if err != nil {
				return nil, err
			}
			v, err := decodeElem(r, elemType(t, 1), depth)
			if err != nil {
				return nil, err
			}
			out = append(out, MapEntry{Key: k, Value: v})
		}
		return out, trailing(r)
	}
	out := make([]any, 0, n)
	for i := 0; i < int(n); i++ {
		v, err := decodeElem(r, elemType(t, 0), depth)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, trailing(r)
}

func decodeElem(r *i32Reader, t cql.Type, depth int) (any, error) {
	e, err := r.elem()
	if err != nil {
		return nil, err
	}
	return decodeDepth(t, e, depth+1)
}

func trailing(r *i32Reader) error {
	if len(r.b) != 0 {
		return fmt.Errorf("collection has %d trailing bytes", len(r.b))
	}
	return nil
}

// decodeTuple decodes a tuple or frozen UDT: one i32-length-prefixed value
// per field; trailing fields may be missing (added to the UDT later).
func decodeTuple(t cql.Type, b []byte, depth int) (any, error) {
	r := &i32Reader{b: b}
	vals := make([]any, len(t.Elems))
	for i := range t.Elems {
		if len(r.b) == 0 {
			break
		}
		v, err := decodeElem(r, t.Elems[i], depth)
		if err != nil {
			return nil, err
		}
		vals[i] = v
	}
	if err := trailing(r); err != nil {
		return nil, err
	}
	if t.Kind == cql.Tuple {
		return vals, nil
	}
	fields := make([]Field, len(vals))
	for i, v := range vals {
		fields[i] = Field{Name: t.Fields[i], Value: v}
	}
	return fields, nil
}

// decodeComplex assembles a non-frozen collection or UDT from its cells
// (in path order): list elements are the values (paths are timeuuids), set
// elements are the paths, map entries are path → value, UDT fields are
// addressed by a big-endian short field index.
func decodeComplex(t cql.Type, cells []cell) (any, error) {
	switch t.Kind {
	case cql.List, cql.Set:
		out := make([]any, 0, len(cells))
		for _, c := range cells {
			src := c.value
			if t.Kind == cql.Set {
				src = c.path
			}
			v, err := decodeDepth(elemType(t, 0), src, 1)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case cql.Map:
		out := make([]MapEntry, 0, len(cells))
		for _, c := range cells {
			k, err := decodeDepth(elemType(t, 0), c.path, 1)
			if err != nil {
				return nil, err
			}
			v, err := decodeDepth(elemType(t, 1), c.value, 1)
			if err != nil {
				return nil, err
			}
			out = append(out, MapEntry{Key: k, Value: v})
		}
		return out, nil
	case cql.UDT:
		return decodeUDTCells(t, cells)
	}
	return nil, fmt.Errorf("column of type %s has element cells", t)
}

func decodeUDTCells(t cql.Type, cells []cell) (any, error) {
	fields := make([]Field, len(t.Elems))
	for i := range fields {
		fields[i].Name = t.Fields[i]
	}
	for _, c := range cells {
		if len(c.path) != 2 {
			return nil, fmt.Errorf("UDT field path of %d bytes, expected 2", len(c.path))
		}
		i := int(binary.BigEndian.Uint16(c.path))
		if i >= len(fields) {
			return nil, fmt.Errorf("UDT field %d, the type has %d", i, len(fields))
		}
		v, err := decodeDepth(t.Elems[i], c.value, 1)
		if err != nil {
			return nil, err
		}
		fields[i].Value = v
	}
	return fields, nil
}

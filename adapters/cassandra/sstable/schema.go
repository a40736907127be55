package sstable

import (
	"fmt"
	"sort"
	"strconv"

	"github.com/quill-etl/quill/adapters/cassandra/cql"
)

// columnMap says how the columns of one SSTable's serialization header map
// onto the table's columns (each SSTable lists only the columns it has data
// for, so every SSTable gets its own map).
type columnMap struct {
	keyTypes   []colType
	clustering []colType
	static     []mappedCol
	regular    []mappedCol
	names      []string // the table's column names, for messages
}

func (m columnMap) name(idx int) string {
	if idx >= 0 && idx < len(m.names) {
		return m.names[idx]
	}
	return "?"
}

// mappedCol is a header column: where it goes and how its cells are read.
type mappedCol struct {
	idx     int // index into the table's columns
	typ     colType
	complex bool
	fixed   int // width of fixed-length values, or -1
}

// tableSchema indexes a cql.Table for the reader.
type tableSchema struct {
	table      *cql.Table
	partition  []int // column indexes in partition key order
	clustering []int // column indexes in clustering order
	byName     map[string]int
}

func newTableSchema(t *cql.Table) *tableSchema {
	s := &tableSchema{table: t, byName: map[string]int{}}
	for i, c := range t.Columns {
		s.byName[c.Name] = i
	}
	for _, kind := range []cql.ColumnKind{cql.PartitionKey, cql.Clustering} {
		for _, c := range t.KeyColumns(kind) {
			if kind == cql.PartitionKey {
				s.partition = append(s.partition, s.byName[c.Name])
			} else {
				s.clustering = append(s.clustering, s.byName[c.Name])
			}
		}
	}
	return s
}

// mapHeader checks one SSTable's header against the schema and builds its
// column map. A compact-storage table without clustering columns keeps its
// values as static columns under a hidden clustering column, which is
// accepted and ignored.
func (s *tableSchema) mapHeader(file string, h *Header) (columnMap, error) {
	m := columnMap{keyTypes: h.KeyTypes, clustering: h.Clustering}
	for _, c := range s.table.Columns {
		m.names = append(m.names, c.Name)
	}
	if len(h.KeyTypes) != len(s.partition) {
		return m, &SchemaError{File: file, Msg: fmt.Sprintf("partition key has %d columns, the schema declares %d", len(h.KeyTypes), len(s.partition))}
	}
	for i, t := range h.KeyTypes {
		if c := s.table.Columns[s.partition[i]]; !c.Type.Equal(t.Type) {
			return m, &SchemaError{File: file, Msg: fmt.Sprintf("partition key column %q is %s in the data, %s in the schema", c.Name, t.Type, c.Type)}
		}
	}
	hiddenClustering := len(s.clustering) == 0 && s.table.CompactStorage
	if !hiddenClustering && len(h.Clustering) != len(s.clustering) {
		return m, &SchemaError{File: file, Msg: fmt.Sprintf("%d clustering columns in the data, %d in the schema", len(h.Clustering), len(s.clustering))}
	}
	for i := range s.clustering {
		c, t := s.table.Columns[s.clustering[i]], h.Clustering[i]
		if !c.Type.Equal(t.Type) || c.Desc != t.reversed {
			return m, &SchemaError{File: file, Msg: fmt.Sprintf("clustering column %q is %s (reversed %v) in the data, %s (DESC %v) in the schema", c.Name, t.Type, t.reversed, c.Type, c.Desc)}
		}
	}
	var err error
	if m.static, err = s.mapColumns(file, h.Static, cql.Static); err != nil {
		return m, err
	}
	m.regular, err = s.mapColumns(file, h.Regular, cql.Regular)
	return m, err
}

func (s *tableSchema) mapColumns(file string, cols []HeaderColumn, kind cql.ColumnKind) ([]mappedCol, error) {
	out := make([]mappedCol, len(cols))
	for i, hc := range cols {
		idx, ok := s.byName[hc.Name]
		if !ok {
			return nil, &SchemaError{File: file, Msg: fmt.Sprintf("%s column %q (%s) is not in the schema", kind, hc.Name, hc.Type.Type)}
		}
		c := s.table.Columns[idx]
		kindOK := c.Kind == kind || s.table.CompactStorage && (c.Kind == cql.Static || c.Kind == cql.Regular)
		if !kindOK {
			return nil, &SchemaError{File: file, Msg: fmt.Sprintf("column %q is %s in the data, %s in the schema", c.Name, kind, c.Kind)}
		}
		if !c.Type.Equal(hc.Type.Type) || c.Type.IsMultiCell() != hc.complex() {
			return nil, &SchemaError{File: file, Msg: fmt.Sprintf("column %q is %s in the data, %s in the schema", c.Name, hc.Type.Type, c.Type)}
		}
		out[i] = mappedCol{idx: idx, typ: hc.Type, complex: hc.complex(), fixed: fixedLength(hc.Type.Type)}
		if out[i].complex {
			out[i].fixed = -1 // complex cell values are always length-prefixed
		}
	}
	return out, nil
}

// schemaFromHeaders builds a table schema when no CQL is given: key columns
// get generated names (key, key2, …; column1, column2, …) and the static
// and regular columns are the union of every header's, by name.
func schemaFromHeaders(headers []*Header) (*cql.Table, error) {
	if len(headers) == 0 {
		return nil, fmt.Errorf("no SSTable to take a schema from")
	}
	h0 := headers[0]
	t := &cql.Table{}
	for i, kt := range h0.KeyTypes {
		name := "key"
		if i > 0 {
			name += strconv.Itoa(i + 1)
		}
		t.Columns = append(t.Columns, cql.Column{Name: name, Type: kt.Type, Kind: cql.PartitionKey, Position: i})
	}
	for i, ct := range h0.Clustering {
		t.Columns = append(t.Columns, cql.Column{Name: "column" + strconv.Itoa(i+1), Type: ct.Type, Kind: cql.Clustering, Position: i, Desc: ct.reversed})
	}
	for _, kind := range []cql.ColumnKind{cql.Static, cql.Regular} {
		seen := map[string]cql.Type{}
		for _, h := range headers {
			cols := h.Regular
			if kind == cql.Static {
				cols = h.Static
			}
			for _, c := range cols {
				if prev, ok := seen[c.Name]; ok && !prev.Equal(c.Type.Type) {
					return nil, fmt.Errorf("column %q is %s in one SSTable and %s in another", c.Name, prev, c.Type.Type)
				}
				seen[c.Name] = c.Type.Type
			}
		}
		names := make([]string, 0, len(seen))
		for n := range seen {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			t.Columns = append(t.Columns, cql.Column{Name: n, Type: seen[n], Kind: kind})
		}
	}
	return t, nil
}

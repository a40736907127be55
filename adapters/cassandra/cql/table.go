package cql

// ColumnKind says where a column lives in Cassandra's storage model.
type ColumnKind int

// The column kinds, in the order Cassandra lays a row out.
const (
	PartitionKey ColumnKind = iota
	Clustering
	Static
	Regular
)

var columnKindNames = [...]string{"partition_key", "clustering", "static", "regular"}

// String returns the kind as Cassandra's system_schema.columns names it.
func (k ColumnKind) String() string {
	if k < 0 || int(k) >= len(columnKindNames) {
		return "invalid"
	}
	return columnKindNames[k]
}

// Column is one column of a table.
type Column struct {
	Name string
	Type Type
	Kind ColumnKind
	// Position is the index of a key column within the partition key or the
	// clustering key; 0 for static and regular columns.
	Position int
	// Desc marks a clustering column declared with CLUSTERING ORDER … DESC
	// (Cassandra's ReversedType).
	Desc bool
}

// Table is a CQL table schema. Columns are in declaration order, which is the
// order of the keys of every output row.
type Table struct {
	Keyspace       string
	Name           string
	Columns        []Column
	CompactStorage bool
}

// Column returns the column with the given name, or nil.
func (t *Table) Column(name string) *Column {
	for i := range t.Columns {
		if t.Columns[i].Name == name {
			return &t.Columns[i]
		}
	}
	return nil
}

// KeyColumns returns the columns of the given kind (PartitionKey or
// Clustering) in key order, or the static or regular columns in declaration
// order.
func (t *Table) KeyColumns(kind ColumnKind) []Column {
	var out []Column
	for _, c := range t.Columns {
		if c.Kind == kind {
			out = append(out, c)
		}
	}
	if kind == PartitionKey || kind == Clustering {
		sorted := make([]Column, len(out))
		for _, c := range out {
			if c.Position >= 0 && c.Position < len(sorted) {
				sorted[c.Position] = c
			}
		}
		return sorted
	}
	return out
}

package cql

import (
	"strings"
)

// Kind is the closed set of CQL types.
type Kind int

// The CQL kinds. Custom stands for a type given by Java class name that the
// reader does not know; its values are read as blobs.
const (
	Invalid Kind = iota
	Ascii
	Bigint
	Blob
	Boolean
	Counter
	Date
	Decimal
	Double
	Duration
	Float
	Inet
	Int
	Smallint
	Text
	Time
	Timestamp
	Timeuuid
	Tinyint
	UUID
	Varint
	List
	Set
	Map
	Tuple
	UDT
	Empty
	Custom
)

var kindNames = [...]string{
	Invalid: "invalid", Ascii: "ascii", Bigint: "bigint", Blob: "blob",
	Boolean: "boolean", Counter: "counter", Date: "date", Decimal: "decimal",
	Double: "double", Duration: "duration", Float: "float", Inet: "inet",
	Int: "int", Smallint: "smallint", Text: "text", Time: "time",
	Timestamp: "timestamp", Timeuuid: "timeuuid", Tinyint: "tinyint",
	UUID: "uuid", Varint: "varint", List: "list", Set: "set", Map: "map",
	Tuple: "tuple", UDT: "udt", Empty: "empty", Custom: "custom",
}

// String returns the CQL keyword of the kind.
func (k Kind) String() string {
	if k < 0 || int(k) >= len(kindNames) {
		return "invalid"
	}
	return kindNames[k]
}

// scalarKinds maps CQL type keywords to kinds; varchar is text.
var scalarKinds = map[string]Kind{
	"ascii": Ascii, "bigint": Bigint, "blob": Blob, "boolean": Boolean,
	"counter": Counter, "date": Date, "decimal": Decimal, "double": Double,
	"duration": Duration, "float": Float, "inet": Inet, "int": Int,
	"smallint": Smallint, "text": Text, "varchar": Text, "time": Time,
	"timestamp": Timestamp, "timeuuid": Timeuuid, "tinyint": Tinyint,
	"uuid": UUID, "varint": Varint,
}

// Type is a CQL type. Elems holds the element type of a list or set, the key
// and value types of a map, and the field types of a tuple or UDT; Fields
// holds the UDT field names (parallel to Elems).
type Type struct {
	Kind     Kind
	Frozen   bool     // frozen<…>: one cell instead of one cell per element
	Elems    []Type   // element, key/value, or field types
	Fields   []string // UDT field names
	Keyspace string   // UDT keyspace, when known
	Name     string   // UDT name, or the Java class of a Custom type
}

// IsCollection reports whether t is a list, set or map.
func (t Type) IsCollection() bool {
	return t.Kind == List || t.Kind == Set || t.Kind == Map
}

// IsMultiCell reports whether values of t are stored as one cell per element
// (a non-frozen collection or UDT): Cassandra calls such columns complex.
func (t Type) IsMultiCell() bool {
	return !t.Frozen && (t.IsCollection() || t.Kind == UDT)
}

// Equal reports whether two types are the same CQL type. Frozenness of
// nested types is ignored below the top level because Cassandra freezes
// every nested collection implicitly.
func (t Type) Equal(u Type) bool {
	if t.Kind != u.Kind || len(t.Elems) != len(u.Elems) {
		return false
	}
	if t.Kind == UDT && !strings.EqualFold(t.Name, u.Name) {
		return false
	}
	for i := range t.Elems {
		if !t.Elems[i].Equal(u.Elems[i]) {
			return false
		}
	}
	return true
}

// String renders t in CQL syntax, e.g. "frozen<map<int, text>>".
func (t Type) String() string {
	var b strings.Builder
	t.write(&b)
	return b.String()
}

func (t Type) write(b *strings.Builder) {
	if t.Frozen {
		b.WriteString("frozen<")
		defer b.WriteString(">")
	}
	switch t.Kind {
	case UDT:
		if t.Keyspace != "" {
			b.WriteString(t.Keyspace + ".")
		}
		b.WriteString(t.Name)
		return
	case Custom:
		b.WriteString("'" + t.Name + "'")
		return
	case List, Set, Map, Tuple:
		b.WriteString(t.Kind.String() + "<")
		for i, e := range t.Elems {
			if i > 0 {
				b.WriteString(", ")
			}
			e.write(b)
		}
		b.WriteString(">")
		return
	}
	b.WriteString(t.Kind.String())
}

// WarehouseType returns the PostgreSQL column type that holds values of t.
// Collections, tuples and UDTs are stored as jsonb (the JSON the reader
// writes for them); counters are plain bigints; varint and decimal are
// numeric so that no digits are lost.
func WarehouseType(t Type) string {
	switch t.Kind {
	case Ascii, Text:
		return "text"
	case Bigint, Counter:
		return "bigint"
	case Int:
		return "integer"
	case Smallint, Tinyint:
		return "smallint"
	case Varint, Decimal:
		return "numeric"
	case Float:
		return "real"
	case Double:
		return "double precision"
	case Boolean:
		return "boolean"
	case Date:
		return "date"
	case Time:
		return "time"
	case Timestamp:
		return "timestamptz"
	case UUID, Timeuuid:
		return "uuid"
	case Inet:
		return "inet"
	case Duration:
		// Cassandra durations mix months, days and nanoseconds the way
		// PostgreSQL intervals do, but the reader writes them as text
		// ("1h4m48s20ms"), which interval does not parse.
		return "text"
	case List, Set, Map, Tuple, UDT:
		return "jsonb"
	}
	return "bytea"
}

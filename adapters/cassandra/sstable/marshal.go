package sstable

import (
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/quill-etl/quill/adapters/cassandra/cql"
)

// colType is a column type as the serialization header states it: a CQL type
// plus whether it is stored in reverse order (ReversedType, i.e. CLUSTERING
// ORDER … DESC).
type colType struct {
	cql.Type
	reversed bool
}

var marshalKinds = map[string]cql.Kind{
	"AsciiType": cql.Ascii, "LongType": cql.Bigint, "BytesType": cql.Blob,
	"BooleanType": cql.Boolean, "CounterColumnType": cql.Counter,
	"SimpleDateType": cql.Date, "DecimalType": cql.Decimal, "DoubleType": cql.Double,
	"DurationType": cql.Duration, "FloatType": cql.Float, "InetAddressType": cql.Inet,
	"Int32Type": cql.Int, "ShortType": cql.Smallint, "UTF8Type": cql.Text,
	"TimeType": cql.Time, "TimestampType": cql.Timestamp, "DateType": cql.Timestamp,
	"TimeUUIDType": cql.Timeuuid, "ByteType": cql.Tinyint, "UUIDType": cql.UUID,
	"LexicalUUIDType": cql.UUID, "IntegerType": cql.Varint, "EmptyType": cql.Empty,
}

// maxTypeDepth bounds nesting so that a corrupt header cannot recurse deeply.
const maxTypeDepth = 32

// parseMarshal parses a Cassandra marshal class name such as
// "org.apache.cassandra.db.marshal.MapType(Int32Type,UTF8Type)".
func parseMarshal(s string) (colType, error) {
	return parseMarshalDepth(s, 0)
}

func parseMarshalDepth(s string, depth int) (colType, error) {
	if depth > maxTypeDepth {
		return colType{}, fmt.Errorf("type nested more than %d levels", maxTypeDepth)
	}
	name, params, err := splitClass(s)
	if err != nil {
		return colType{}, err
	}
	if k, ok := marshalKinds[name]; ok && params == nil {
		return colType{Type: cql.Type{Kind: k}}, nil
	}
	sub := func(i int) (colType, error) { return parseMarshalDepth(params[i], depth+1) }
	switch name {
	case "ReversedType", "FrozenType":
		if len(params) != 1 {
			return colType{}, fmt.Errorf("%s takes 1 parameter, found %d", name, len(params))
		}
		t, err := sub(0)
		if name == "ReversedType" {
			t.reversed = true
		} else {
			t.Frozen = true
		}
		return t, err
	case "ListType", "SetType", "MapType", "TupleType":
		return parseParameterized(name, params, depth)
	case "UserType":
		return parseUserType(params, depth)
	}
	// Unknown classes (custom types) are carried as blobs.
	return colType{Type: cql.Type{Kind: cql.Custom, Name: s}}, nil
}

func parseParameterized(name string, params []string, depth int) (colType, error) {
	kinds := map[string]cql.Kind{"ListType": cql.List, "SetType": cql.Set, "MapType": cql.Map,
		"TupleType": cql.Tuple}
	want := map[string]int{"ListType": 1, "SetType": 1, "MapType": 2}[name]
	if want > 0 && len(params) != want || len(params) == 0 {
		return colType{}, fmt.Errorf("%s with %d parameters", name, len(params))
	}
	t := cql.Type{Kind: kinds[name], Frozen: name == "TupleType"}
	for _, p := range params {
		e, err := parseMarshalDepth(p, depth+1)
		if err != nil {
			return colType{}, err
		}
		t.Elems = append(t.Elems, e.Type)
	}
	return colType{Type: t}, nil
}

// parseUserType parses UserType(keyspace,hexname,hexfield:type,…).
func parseUserType(params []string, depth int) (colType, error) {
	if len(params) < 2 {
		return colType{}, fmt.Errorf("UserType with %d parameters", len(params))
	}
	name, err := hex.DecodeString(params[1])
	if err != nil {
		return colType{}, fmt.Errorf("UserType name %q is not hex", params[1])
	}
	t := cql.Type{Kind: cql.UDT, Keyspace: params[0], Name: string(name)}
	for _, f := range params[2:] {
		hexName, typ, ok := strings.Cut(f, ":")
		if !ok {
			return colType{}, fmt.Errorf("UserType field %q lacks a type", f)
		}
		fname, err := hex.DecodeString(hexName)
		if err != nil {
			return colType{}, fmt.Errorf("UserType field name %q is not hex", hexName)
		}
		ft, err := parseMarshalDepth(typ, depth+1)
		if err != nil {
			return colType{}, err
		}
		t.Fields = append(t.Fields, string(fname))
		t.Elems = append(t.Elems, ft.Type)
	}
	return colType{Type: t}, nil
}

// parseKeyTypes parses a partition key type: CompositeType(a,b,…) for a
// key of several columns, else the type of the only column.
func parseKeyTypes(s string) ([]colType, error) {
	name, params, err := splitClass(s)
	if err != nil {
		return nil, err
	}
	if name != "CompositeType" {
		t, err := parseMarshal(s)
		return []colType{t}, err
	}
	out := make([]colType, len(params))
	for i, p := range params {
		if out[i], err = parseMarshal(p); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// splitClass splits "pkg.Name(a,b(c,d))" into "Name" and ["a", "b(c,d)"];
// params is nil when there are no parentheses.
func splitClass(s string) (name string, params []string, err error) {
	s = strings.TrimSpace(s)
	open := strings.IndexByte(s, '(')
	head := s
	if open >= 0 {
		head = s[:open]
		if !strings.HasSuffix(s, ")") {
			return "", nil, fmt.Errorf("type %q: unbalanced parentheses", s)
		}
	}
	name = head[strings.LastIndexByte(head, '.')+1:]
	if name == "" {
		return "", nil, fmt.Errorf("empty type name in %q", s)
	}
	if open < 0 {
		return name, nil, nil
	}
	inner := s[open+1 : len(s)-1]
	depth, start := 0, 0
	for i := 0; i < len(inner); i++ {
		switch inner[i] {
		case '(':
			depth++
		case ')':
			depth--
			if depth < 0 {
				return "", nil, fmt.Errorf("type %q: unbalanced parentheses", s)
			}
		case ',':
			if depth == 0 {
				params = append(params, inner[start:i])
				start = i + 1
			}
		}
	}
	if depth != 0 {
		return "", nil, fmt.Errorf("type %q: unbalanced parentheses", s)
	}
	return name, append(params, inner[start:]), nil
}

// fixedLength returns the encoded width of the values of types that
// Cassandra writes without a length prefix, or -1.
func fixedLength(t cql.Type) int {
	switch t.Kind {
	case cql.Boolean:
		return 1
	case cql.Int, cql.Float:
		return 4
	case cql.Bigint, cql.Timestamp, cql.Double:
		return 8
	case cql.UUID, cql.Timeuuid:
		return 16
	case cql.Empty:
		return 0
	}
	return -1
}

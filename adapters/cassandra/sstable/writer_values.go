package sstable

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"math/big"
	"net/netip"
	"strings"
	"time"

	"github.com/quill-etl/quill/adapters/cassandra/cql"
)

// marshalPrefix is the package of Cassandra's type classes.
const marshalPrefix = "org.apache.cassandra.db.marshal."

// marshalClasses names the class of each scalar kind (the inverse of
// marshalKinds, choosing the modern class where two map to one kind).
var marshalClasses = map[cql.Kind]string{
	cql.Ascii: "AsciiType", cql.Bigint: "LongType", cql.Blob: "BytesType",
	cql.Boolean: "BooleanType", cql.Counter: "CounterColumnType", cql.Date: "SimpleDateType",
	cql.Decimal: "DecimalType", cql.Double: "DoubleType", cql.Duration: "DurationType",
	cql.Float: "FloatType", cql.Inet: "InetAddressType", cql.Int: "Int32Type",
	cql.Smallint: "ShortType", cql.Text: "UTF8Type", cql.Time: "TimeType",
	cql.Timestamp: "TimestampType", cql.Timeuuid: "TimeUUIDType", cql.Tinyint: "ByteType",
	cql.UUID: "UUIDType", cql.Varint: "IntegerType", cql.Empty: "EmptyType",
}

// marshalName renders a type as the serialization header writes it, e.g.
// "org.apache.cassandra.db.marshal.ListType(org.apache.cassandra.db.marshal.Int32Type)".
func marshalName(t colType) string {
	s := marshalType(t.Type, true)
	if t.reversed {
		s = marshalPrefix + "ReversedType(" + s + ")"
	}
	return s
}

func marshalType(t cql.Type, top bool) string {
	if c, ok := marshalClasses[t.Kind]; ok {
		return marshalPrefix + c
	}
	var s string
	switch t.Kind {
	case cql.List, cql.Set, cql.Map, cql.Tuple:
		name := map[cql.Kind]string{cql.List: "ListType", cql.Set: "SetType", cql.Map: "MapType", cql.Tuple: "TupleType"}[t.Kind]
		parts := make([]string, len(t.Elems))
		for i, e := range t.Elems {
			parts[i] = marshalType(e, false)
		}
		s = marshalPrefix + name + "(" + strings.Join(parts, ",") + ")"
		if t.Kind == cql.Tuple {
			return s // tuples are frozen by nature; 3.x headers do not wrap them
		}
	case cql.UDT:
		parts := []string{t.Keyspace, hex.EncodeToString([]byte(t.Name))}
		for i, e := range t.Elems {
			parts = append(parts, hex.EncodeToString([]byte(t.Fields[i]))+":"+marshalType(e, false))
		}
		s = marshalPrefix + "UserType(" + strings.Join(parts, ",") + ")"
	case cql.Custom:
		return t.Name
	default:
		return marshalPrefix + "BytesType"
	}
	// Collections and UDTs nested in others are frozen whether or not the
	// CQL said so.
	if t.Frozen || !top {
		s = marshalPrefix + "FrozenType(" + s + ")"
	}
	return s
}

// encodeValue serializes a Go value (the types listed on Row, int for the
// integer types, Raw for bytes already encoded) as a value of type t; nil
// is null (nil bytes).
func encodeValue(t cql.Type, v any) ([]byte, error) {
	return encodeDepth(t, v, 0)
}

func encodeDepth(t cql.Type, v any, depth int) ([]byte, error) {
	if depth > maxValueDepth {
		return nil, fmt.Errorf("value nested more than %d levels", maxValueDepth)
	}
	switch x := v.(type) {
	case nil:
		return nil, nil
	case Raw:
		return append([]byte{}, x...), nil
	}
	if b, ok, err := encodeNumber(t, v); ok || err != nil {
		return b, err
	}
	if b, ok, err := encodeOther(t, v); ok || err != nil {
		return b, err
	}
	switch t.Kind {
	case cql.List, cql.Set, cql.Map:
		return encodeFrozenCollection(t, v, depth)
	case cql.Tuple, cql.UDT:
		return encodeTuple(t, v, depth)
	}
	return nil, fmt.Errorf("cannot encode %T as %s", v, t)
}

func typeErr(t cql.Type, v any) error { return fmt.Errorf("cannot encode %T as %s", v, t) }

// encodeNumber handles the integer, floating and counter kinds.
func encodeNumber(t cql.Type, v any) ([]byte, bool, error) {
	var i int64
	isInt := true
	switch x := v.(type) {
	case int:
		i = int64(x)
	case int8:
		i = int64(x)
	case int16:
		i = int64(x)
	case int32:
		i = int64(x)
	case int64:
		i = x
	default:
		isInt = false
	}
	fits := func(bits uint) ([]byte, bool, error) {
		if !isInt {
			return nil, true, typeErr(t, v)
		}
		if lim := int64(1) << (bits - 1); bits < 64 && (i < -lim || i >= lim) {
			return nil, true, fmt.Errorf("%d overflows a %s", i, t.Kind)
		}
		return binary.BigEndian.AppendUint64(nil, uint64(i))[8-bits/8:], true, nil
	}
	switch t.Kind {
	case cql.Tinyint:
		return fits(8)
	case cql.Smallint:
		return fits(16)
	case cql.Int:
		return fits(32)
	case cql.Bigint:
		return fits(64)
	case cql.Counter:
		if !isInt {
			return nil, true, typeErr(t, v)
		}
		return globalCounterContext(i), true, nil
	case cql.Varint:
		if bi, ok := v.(*big.Int); ok {
			return varintBytes(bi), true, nil
		}
		if !isInt {
			return nil, true, typeErr(t, v)
		}
		return varintBytes(big.NewInt(i)), true, nil
	case cql.Float:
		if f, ok := v.(float32); ok {
			return binary.BigEndian.AppendUint32(nil, math.Float32bits(f)), true, nil
		}
		return nil, true, typeErr(t, v)
	case cql.Double:
		if f, ok := v.(float64); ok {
			return binary.BigEndian.AppendUint64(nil, math.Float64bits(f)), true, nil
		}
		return nil, true, typeErr(t, v)
	}
	return nil, false, nil
}

// encodeOther handles text, blobs and the temporal and identity kinds.
func encodeOther(t cql.Type, v any) ([]byte, bool, error) {
	ok := true
	var b []byte
	switch x := v.(type) {
	case string:
		ok = t.Kind == cql.Text || t.Kind == cql.Ascii
		b = []byte(x)
	case []byte:
		ok = t.Kind == cql.Blob || t.Kind == cql.Custom
		b = append([]byte{}, x...)
	case bool:
		ok = t.Kind == cql.Boolean
		b = []byte{boolByte(x)}
	case time.Time:
		ok = t.Kind == cql.Timestamp
		b = binary.BigEndian.AppendUint64(nil, uint64(x.UnixMilli()))
	case Date:
		ok = t.Kind == cql.Date
		b = binary.BigEndian.AppendUint32(nil, uint32(int64(x)+1<<31))
	case time.Duration:
		ok = t.Kind == cql.Time
		b = binary.BigEndian.AppendUint64(nil, uint64(x))
	case UUID:
		ok = t.Kind == cql.UUID || t.Kind == cql.Timeuuid
		b = append([]byte{}, x[:]...)
	case netip.Addr:
		ok = t.Kind == cql.Inet
		b = x.AsSlice()
	case Duration:
		ok = t.Kind == cql.Duration
		b = putVint(putVint(putVint(nil, int64(x.Months)), int64(x.Days)), x.Nanos)
	case Decimal:
		ok = t.Kind == cql.Decimal && x.Unscaled != nil
		b = append(binary.BigEndian.AppendUint32(nil, uint32(x.Scale)), varintBytes(x.Unscaled)...)
	default:
		return nil, false, nil
	}
	if !ok {
		return nil, true, typeErr(t, v)
	}
	return b, true, nil
}

// varintBytes is the shortest big-endian two's complement form of v.
func varintBytes(v *big.Int) []byte {
	if v.Sign() == 0 {
		return []byte{0}
	}
	if v.Sign() > 0 {
		b := v.Bytes()
		if b[0]&0x80 != 0 {
			b = append([]byte{0}, b...)
		}
		return b
	}
	// -v-1 has the complement bytes of v.
	m := new(big.Int).Neg(v)
	m.Sub(m, big.NewInt(1))
	b := m.Bytes()
	for i := range b {
		b[i] = ^b[i]
	}
	if len(b) == 0 || b[0]&0x80 == 0 {
		b = append([]byte{0xff}, b...)
	}
	return b
}

// globalCounterContext is a counter value as one global shard (clock 1) of a
// fixed counter id: what a bulk load of counter totals can state.
func globalCounterContext(n int64) []byte {
	b := []byte{0, 0} // no local or remote shard indexes: global shards only
	b = append(b, writerCounterID[:]...)
	b = binary.BigEndian.AppendUint64(b, 1)
	return binary.BigEndian.AppendUint64(b, uint64(n))
}

// writerCounterID identifies quill's writer as the counter shard owner.
var writerCounterID = [16]byte{'q', 'u', 'i', 'l', 'l', '-', 's', 's', 't', 'a', 'b', 'l', 'e', 0, 0, 1}

func encodeFrozenCollection(t cql.Type, v any, depth int) ([]byte, error) {
	var b []byte
	if t.Kind == cql.Map {
		entries, ok := v.([]MapEntry)
		if !ok {
			return nil, typeErr(t, v)
		}
		b = binary.BigEndian.AppendUint32(b, uint32(len(entries)))
		for _, e := range entries {
			var err error
			if b, err = appendElem(b, elemType(t, 0), e.Key, depth); err != nil {
				return nil, err
			}
			if b, err = appendElem(b, elemType(t, 1), e.Value, depth); err != nil {
				return nil, err
			}
		}
		return b, nil
	}
	elems, ok := v.([]any)
	if !ok {
		return nil, typeErr(t, v)
	}
	b = binary.BigEndian.AppendUint32(b, uint32(len(elems)))
	for _, e := range elems {
		var err error
		if b, err = appendElem(b, elemType(t, 0), e, depth); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// appendElem appends an i32-length-prefixed element (-1 for null).
func appendElem(b []byte, t cql.Type, v any, depth int) ([]byte, error) {
	e, err := encodeDepth(t, v, depth+1)
	if err != nil {
		return nil, err
	}
	if e == nil {
		return binary.BigEndian.AppendUint32(b, math.MaxUint32), nil
	}
	return append(binary.BigEndian.AppendUint32(b, uint32(len(e))), e...), nil
}

// encodeTuple encodes a tuple ([]any) or a frozen UDT ([]Field, by
// position) as one i32-length-prefixed value per field.
func encodeTuple(t cql.Type, v any, depth int) ([]byte, error) {
	var vals []any
	switch x := v.(type) {
	case []any:
		vals = x
	case []Field:
		for _, f := range x {
			vals = append(vals, f.Value)
		}
	default:
		return nil, typeErr(t, v)
	}
	if len(vals) > len(t.Elems) {
		return nil, fmt.Errorf("%d values for a %s of %d fields", len(vals), t.Kind, len(t.Elems))
	}
	var b []byte
	for i, e := range vals {
		var err error
		if b, err = appendElem(b, t.Elems[i], e, depth); err != nil {
			return nil, err
		}
	}
	return b, nil
}

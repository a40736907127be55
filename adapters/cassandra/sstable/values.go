package sstable

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"math/big"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/quill-etl/quill/adapters/cassandra/cql"
)

// The Go types of row values (see Row):
//
//	ascii, text          string
//	bigint, counter      int64
//	int, smallint, tinyint  int32, int16, int8
//	varint               *big.Int
//	decimal              Decimal
//	float, double        float32, float64
//	boolean              bool
//	blob, custom         []byte
//	timestamp            time.Time (UTC, millisecond precision)
//	date                 Date
//	time                 time.Duration since midnight
//	uuid, timeuuid       UUID
//	inet                 netip.Addr
//	duration             Duration
//	list, set, tuple     []any (nil elements for null tuple fields)
//	map                  []MapEntry, in key order
//	UDT                  []Field, in declaration order
//
// A null, or an empty value of a non-string type, is nil.

// UUID is a 16-byte UUID; String gives the canonical lower-case form.
type UUID [16]byte

func (u UUID) String() string {
	var b [36]byte
	hex.Encode(b[:8], u[:4])
	b[8] = '-'
	hex.Encode(b[9:13], u[4:6])
	b[13] = '-'
	hex.Encode(b[14:18], u[6:8])
	b[18] = '-'
	hex.Encode(b[19:23], u[8:10])
	b[23] = '-'
	hex.Encode(b[24:], u[10:])
	return string(b[:])
}

// Date is a CQL date: days since 1970-01-01 (negative before).
type Date int64

// Time returns the date as midnight UTC.
func (d Date) Time() time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

func (d Date) String() string { return d.Time().Format("2006-01-02") }

// Decimal is an exact CQL decimal: Unscaled × 10^-Scale.
type Decimal struct {
	Unscaled *big.Int
	Scale    int32
}

// String renders the decimal without an exponent, e.g. "2.71828".
func (d Decimal) String() string {
	s := d.Unscaled.String()
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	switch {
	case d.Scale < 0:
		s += strings.Repeat("0", int(-d.Scale))
	case d.Scale > 0:
		if len(s) <= int(d.Scale) {
			s = strings.Repeat("0", int(d.Scale)-len(s)+1) + s
		}
		s = s[:len(s)-int(d.Scale)] + "." + s[len(s)-int(d.Scale):]
	}
	if neg {
		s = "-" + s
	}
	return s
}

// Duration is a CQL duration: months, days and nanoseconds kept apart
// because their lengths vary.
type Duration struct {
	Months, Days int32
	Nanos        int64
}

// String renders the duration as Cassandra does, e.g. "1y2mo3d4h5m6s7ms".
func (d Duration) String() string {
	var b strings.Builder
	if d.Months < 0 || d.Days < 0 || d.Nanos < 0 {
		b.WriteByte('-')
	}
	unit := func(v uint64, u string) {
		if v != 0 {
			b.WriteString(strconv.FormatUint(v, 10) + u)
		}
	}
	months, days, ns := absU(int64(d.Months)), absU(int64(d.Days)), absU(d.Nanos)
	unit(months/12, "y")
	unit(months%12, "mo")
	unit(days, "d")
	for _, u := range []struct {
		n    uint64
		name string
	}{{3600e9, "h"}, {60e9, "m"}, {1e9, "s"}, {1e6, "ms"}, {1e3, "us"}, {1, "ns"}} {
		unit(ns/u.n, u.name)
		ns %= u.n
	}
	return b.String()
}

func absU(v int64) uint64 {
	if v < 0 {
		return uint64(-v)
	}
	return uint64(v)
}

// MapEntry is one entry of a map value.
type MapEntry struct{ Key, Value any }

// Field is one field of a UDT value.
type Field struct {
	Name  string
	Value any
}

// maxValueDepth bounds the nesting of decoded values.
const maxValueDepth = 32

// decodeValue turns the serialized form of a value of type t into its Go
// value (see the table above).
func decodeValue(t cql.Type, b []byte) (any, error) {
	return decodeDepth(t, b, 0)
}

func decodeDepth(t cql.Type, b []byte, depth int) (any, error) {
	if b == nil {
		return nil, nil
	}
	if len(b) == 0 && t.Kind != cql.Text && t.Kind != cql.Ascii && t.Kind != cql.Blob && t.Kind != cql.Custom {
		return nil, nil
	}
	if depth > maxValueDepth {
		return nil, fmt.Errorf("value nested more than %d levels", maxValueDepth)
	}
	if v, ok, err := decodeScalar(t, b); ok || err != nil {
		return v, err
	}
	switch t.Kind {
	case cql.List, cql.Set, cql.Map:
		return decodeFrozenCollection(t, b, depth)
	case cql.Tuple, cql.UDT:
		return decodeTuple(t, b, depth)
	}
	return append([]byte(nil), b...), nil
}

func wantLen(t cql.Type, b []byte, n int) error {
	if len(b) != n {
		return fmt.Errorf("%s value of %d bytes, expected %d", t.Kind, len(b), n)
	}
	return nil
}

// decodeScalar decodes the fixed-form scalar types; ok is false for the
// others.
func decodeScalar(t cql.Type, b []byte) (v any, ok bool, err error) {
	switch t.Kind {
	case cql.Ascii, cql.Text:
		return strings.ToValidUTF8(string(b), "\uFFFD"), true, nil
	case cql.Blob, cql.Custom:
		return append([]byte(nil), b...), true, nil
	case cql.Boolean:
		return b[0] != 0, true, wantLen(t, b, 1)
	case cql.Int:
		if err := wantLen(t, b, 4); err != nil {
			return nil, true, err
		}
		return int32(binary.BigEndian.Uint32(b)), true, nil
	case cql.Bigint:
		if err := wantLen(t, b, 8); err != nil {
			return nil, true, err
		}
		return int64(binary.BigEndian.Uint64(b)), true, nil
	case cql.Smallint:
		if err := wantLen(t, b, 2); err != nil {
			return nil, true, err
		}
		return int16(binary.BigEndian.Uint16(b)), true, nil
	case cql.Tinyint:
		return int8(b[0]), true, wantLen(t, b, 1)
	case cql.Counter:
		n, err := counterValue(b)
		return n, true, err
	case cql.Float:
		if err := wantLen(t, b, 4); err != nil {
			return nil, true, err
		}
		return math.Float32frombits(binary.BigEndian.Uint32(b)), true, nil
	case cql.Double:
		if err := wantLen(t, b, 8); err != nil {
			return nil, true, err
		}
		return math.Float64frombits(binary.BigEndian.Uint64(b)), true, nil
	case cql.Varint:
		return varintOf(b), true, nil
	case cql.Decimal:
		if len(b) < 4 {
			return nil, true, fmt.Errorf("decimal value of %d bytes, expected ≥ 4", len(b))
		}
		return Decimal{Unscaled: varintOf(b[4:]), Scale: int32(binary.BigEndian.Uint32(b))}, true, nil
	}
	return decodeTemporal(t, b)
}

func decodeTemporal(t cql.Type, b []byte) (v any, ok bool, err error) {
	switch t.Kind {
	case cql.Timestamp:
		if err := wantLen(t, b, 8); err != nil {
			return nil, true, err
		}
		return time.UnixMilli(int64(binary.BigEndian.Uint64(b))).UTC(), true, nil
	case cql.Date:
		if err := wantLen(t, b, 4); err != nil {
			return nil, true, err
		}
		return Date(int64(binary.BigEndian.Uint32(b)) - 1<<31), true, nil
	case cql.Time:
		if err := wantLen(t, b, 8); err != nil {
			return nil, true, err
		}
		return time.Duration(binary.BigEndian.Uint64(b)), true, nil
	case cql.UUID, cql.Timeuuid:
		if err := wantLen(t, b, 16); err != nil {
			return nil, true, err
		}
		return UUID(b), true, nil
	case cql.Inet:
		a, ok := netip.AddrFromSlice(b)
		if !ok {
			return nil, true, fmt.Errorf("inet value of %d bytes, expected 4 or 16", len(b))
		}
		return a, true, nil
	case cql.Duration:
		return decodeDuration(b)
	}
	return nil, false, nil
}

// decodeDuration reads three signed vints: months, days, nanoseconds.
func decodeDuration(b []byte) (any, bool, error) {
	var vals [3]int64
	for i := range vals {
		v, n := uvint(b)
		if n == 0 {
			return nil, true, fmt.Errorf("duration value truncated")
		}
		vals[i], b = zigzag(v), b[n:]
	}
	if len(b) != 0 {
		return nil, true, fmt.Errorf("duration value has %d trailing bytes", len(b))
	}
	return Duration{Months: int32(vals[0]), Days: int32(vals[1]), Nanos: vals[2]}, true, nil
}

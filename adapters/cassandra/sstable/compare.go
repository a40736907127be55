package sstable

import (
	"bytes"
	"encoding/binary"
	"math"
	"math/big"

	"github.com/quill-etl/quill/adapters/cassandra/cql"
)

// compareValues orders two serialized values of type t as Cassandra's
// AbstractType.compare does; it is needed only where SSTables are merged
// (clusterings and collection cell paths of the same partition). An empty
// value sorts before every other value.
func compareValues(t cql.Type, a, b []byte) int {
	if len(a) == 0 || len(b) == 0 {
		return cmpInt(len(a), len(b))
	}
	switch t.Kind {
	case cql.Int, cql.Bigint, cql.Smallint, cql.Tinyint, cql.Timestamp, cql.Time, cql.Counter:
		return compareSigned(a, b)
	case cql.Varint:
		return varintOf(a).Cmp(varintOf(b))
	case cql.Decimal:
		return compareDecimal(a, b)
	case cql.Float:
		if len(a) == 4 && len(b) == 4 {
			return cmpFloat(float64(math.Float32frombits(binary.BigEndian.Uint32(a))), float64(math.Float32frombits(binary.BigEndian.Uint32(b))))
		}
	case cql.Double:
		if len(a) == 8 && len(b) == 8 {
			return cmpFloat(math.Float64frombits(binary.BigEndian.Uint64(a)), math.Float64frombits(binary.BigEndian.Uint64(b)))
		}
	case cql.UUID, cql.Timeuuid:
		return compareUUID(a, b)
	case cql.Tuple, cql.UDT:
		return compareTuple(t, a, b)
	}
	return bytes.Compare(a, b)
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	case a == b:
		return 0
	}
	return cmpInt(boolInt(math.IsNaN(a)), boolInt(math.IsNaN(b)))
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// compareSigned orders big-endian two's complement integers of equal width.
func compareSigned(a, b []byte) int {
	if len(a) != len(b) {
		return varintOf(a).Cmp(varintOf(b))
	}
	if (a[0]^b[0])&0x80 != 0 { // different signs
		return cmpInt(int(b[0]>>7), int(a[0]>>7))
	}
	return bytes.Compare(a, b)
}

func varintOf(b []byte) *big.Int {
	v := new(big.Int).SetBytes(b)
	if len(b) > 0 && b[0]&0x80 != 0 {
		v.Sub(v, new(big.Int).Lsh(big.NewInt(1), uint(len(b))*8))
	}
	return v
}

func compareDecimal(a, b []byte) int {
	if len(a) < 4 || len(b) < 4 {
		return bytes.Compare(a, b)
	}
	ra, rb := decimalRat(a), decimalRat(b)
	return ra.Cmp(rb)
}

func decimalRat(b []byte) *big.Rat {
	scale := int32(binary.BigEndian.Uint32(b))
	r := new(big.Rat).SetInt(varintOf(b[4:]))
	// Scales are bounded to keep a corrupt value from allocating huge powers.
	s := max(min(int64(scale), 1000), -1000)
	p := new(big.Int).Exp(big.NewInt(10), big.NewInt(abs64(s)), nil)
	if s >= 0 {
		return r.Quo(r, new(big.Rat).SetInt(p))
	}
	return r.Mul(r, new(big.Rat).SetInt(p))
}

func abs64(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

// compareUUID orders time-based (version 1) UUIDs by timestamp first, as
// TimeUUIDType does, and others by version, then bytes.
func compareUUID(a, b []byte) int {
	if len(a) != 16 || len(b) != 16 {
		return bytes.Compare(a, b)
	}
	va, vb := a[6]>>4, b[6]>>4
	if va != vb {
		return cmpInt(int(va), int(vb))
	}
	if va == 1 {
		if c := cmpU64(uuidTime(a), uuidTime(b)); c != 0 {
			return c
		}
	}
	return bytes.Compare(a, b)
}

// uuidTime extracts the 60-bit timestamp of a version 1 UUID.
func uuidTime(u []byte) uint64 {
	msb := binary.BigEndian.Uint64(u)
	return (msb&0x0fff)<<48 | (msb>>16&0xffff)<<32 | msb>>32
}

// compareTuple orders tuples and frozen UDTs field by field (each field an
// i32 length, -1 for null, then bytes).
func compareTuple(t cql.Type, a, b []byte) int {
	for i := 0; len(a) >= 4 && len(b) >= 4; i++ {
		na, nb := int32(binary.BigEndian.Uint32(a)), int32(binary.BigEndian.Uint32(b))
		a, b = a[4:], b[4:]
		if na < 0 || nb < 0 || int(na) > len(a) || int(nb) > len(b) {
			return cmpInt(int(na), int(nb))
		}
		ft := cql.Type{Kind: cql.Blob}
		if i < len(t.Elems) {
			ft = t.Elems[i]
		}
		if c := compareValues(ft, a[:na], b[:nb]); c != 0 {
			return c
		}
		a, b = a[na:], b[nb:]
	}
	return cmpInt(len(a), len(b))
}

// compareClustering orders clustering prefixes column by column (a null
// value first), honouring DESC columns.
func compareClustering(types []colType, a, b [][]byte) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		var c int
		switch {
		case a[i] == nil || b[i] == nil:
			c = cmpInt(boolInt(a[i] != nil), boolInt(b[i] != nil))
		case i < len(types):
			c = compareValues(types[i].Type, a[i], b[i])
			if types[i].reversed {
				c = -c
			}
		default:
			c = bytes.Compare(a[i], b[i])
		}
		if c != 0 {
			return c
		}
	}
	return 0
}

// pathType is the type that orders the cell paths of a complex column.
func pathType(t cql.Type) cql.Type {
	switch t.Kind {
	case cql.List:
		return cql.Type{Kind: cql.Timeuuid}
	case cql.Set, cql.Map:
		if len(t.Elems) > 0 {
			return t.Elems[0]
		}
	}
	return cql.Type{Kind: cql.Blob} // UDT field index: a big-endian short
}

package sstable

import (
	"encoding/binary"
	"math/bits"
	"sort"
)

// Statistics.db's COMPACTION component holds a HyperLogLog++ estimate of
// the number of partition keys (Cassandra uses it to size the bloom filter
// of a compaction's output), serialized as stream-lib's HyperLogLogPlus
// with p=13, sp=25 writes it. Keys are hashed with MurmurHash64A.

const (
	hllP         = 13
	hllSP        = 25
	hllRegisters = 1 << hllP
	// hllSparseMax is when the sparse list turns into registers (0.75·m).
	hllSparseMax = hllRegisters * 3 / 4
)

// cardinality is a HyperLogLog++ sketch: a sparse set of encoded hashes
// (one per sp-bit index) until it grows past hllSparseMax, then 2^p
// registers of 5 bits.
type cardinality struct {
	sparse    map[uint32]uint32 // sparse index → encoded hash
	registers []uint32          // packed 6 registers a word, nil while sparse
}

func newCardinality() *cardinality { return &cardinality{sparse: map[uint32]uint32{}} }

func (c *cardinality) add(key []byte) {
	h := murmur64A(key)
	if c.registers != nil {
		c.setRegister(uint32(h>>(64-hllP)), runLength(h))
		return
	}
	k := hllEncode(h)
	idx := sparseIndex(k)
	// Of two encodings of one index the smaller carries the longer run.
	if old, ok := c.sparse[idx]; !ok || k < old {
		c.sparse[idx] = k
	}
	if len(c.sparse) > hllSparseMax {
		c.toRegisters()
	}
}

// runLength is the position of the first 1 bit after the p index bits.
func runLength(h uint64) uint32 {
	return uint32(bits.LeadingZeros64(h<<hllP|1<<(hllP-1))) + 1
}

// hllEncode packs the sp-bit index and, when the bits between p and sp are
// all zero, the (inverted) run length, with a flag in bit 0.
func hllEncode(h uint64) uint32 {
	idx := uint32(h >> (64 - hllSP))
	if idx<<(32-hllSP+hllP) == 0 {
		return (idx<<6|(runLength(h)^63))<<1 | 1
	}
	return idx << 1
}

func sparseIndex(k uint32) uint32 {
	if k&1 == 1 {
		return k >> 7
	}
	return k >> 1
}

func decodeRunLength(k uint32) uint32 {
	if k&1 == 1 {
		return (k >> 1 & 63) ^ 63
	}
	return uint32(bits.LeadingZeros32(k<<(hllP+31-hllSP))) + 1
}

func (c *cardinality) toRegisters() {
	c.registers = make([]uint32, hllRegisters/6+1)
	for _, k := range c.sparse {
		c.setRegister(sparseIndex(k)>>(hllSP-hllP), decodeRunLength(k))
	}
	c.sparse = nil
}

func (c *cardinality) setRegister(i, v uint32) {
	w, shift := i/6, 5*(i%6)
	if cur := c.registers[w] >> shift & 0x1f; v > cur {
		c.registers[w] = c.registers[w]&^(0x1f<<shift) | v<<shift
	}
}

// bytes serializes the sketch: version -2, p, sp, the format, then the
// delta-encoded sorted sparse list or the register words.
func (c *cardinality) bytes() []byte {
	b := binary.BigEndian.AppendUint32(nil, 0xfffffffe)
	b = appendLEB128(appendLEB128(b, hllP), hllSP)
	if c.registers != nil {
		b = appendLEB128(appendLEB128(b, 0), uint32(4*len(c.registers)))
		for _, w := range c.registers {
			b = binary.BigEndian.AppendUint32(b, w)
		}
		return b
	}
	ks := make([]uint32, 0, len(c.sparse))
	for _, k := range c.sparse {
		ks = append(ks, k)
	}
	sort.Slice(ks, func(i, j int) bool { return sparseIndex(ks[i]) < sparseIndex(ks[j]) })
	b = appendLEB128(appendLEB128(b, 1), uint32(len(ks)))
	prev := uint32(0)
	for _, k := range ks {
		b = appendLEB128(b, k-prev)
		prev = k
	}
	return b
}

// appendLEB128 writes stream-lib's unsigned varint: 7 bits a byte, low
// bits first.
func appendLEB128(b []byte, v uint32) []byte {
	for v >= 0x80 {
		b = append(b, byte(v)|0x80)
		v >>= 7
	}
	return append(b, byte(v))
}

// murmur64A is Cassandra's MurmurHash.hash2_64 with seed 0 (MurmurHash64A,
// tail bytes sign-extended as Java's byte is).
func murmur64A(key []byte) uint64 {
	const m, r = 0xc6a4a7935bd1e995, 47
	h := uint64(len(key)) * m
	n := len(key) / 8 * 8
	for i := 0; i < n; i += 8 {
		k := binary.LittleEndian.Uint64(key[i:])
		k *= m
		k ^= k >> r
		k *= m
		h ^= k
		h *= m
	}
	if tail := key[n:]; len(tail) > 0 {
		for i := len(tail) - 1; i >= 0; i-- {
			h ^= uint64(int64(int8(tail[i]))) << (8 * i)
		}
		h *= m
	}
	h ^= h >> r
	h *= m
	h ^= h >> r
	return h
}

// compaction encodes the COMPACTION component: the sketch's bytes with an
// i32 length.
func (w *Writer) compaction() []byte {
	hll := w.stats.keys.bytes()
	return append(binary.BigEndian.AppendUint32(nil, uint32(len(hll))), hll...)
}

package sstable

import (
	"bytes"
	"crypto/md5"
	"encoding/binary"
	"fmt"
	"math"
	"math/bits"
	"strings"
)

// Partitioner computes the token that orders partitions in Data.db.
type Partitioner int

// The partitioners Cassandra ships with (OrderPreservingPartitioner is
// deprecated and not supported).
const (
	Murmur3 Partitioner = iota
	Random
	ByteOrdered
)

func (p Partitioner) String() string {
	return [...]string{"Murmur3Partitioner", "RandomPartitioner", "ByteOrderedPartitioner"}[p]
}

func partitionerFromClass(class string) (Partitioner, error) {
	switch class[strings.LastIndexByte(class, '.')+1:] {
	case "Murmur3Partitioner":
		return Murmur3, nil
	case "RandomPartitioner":
		return Random, nil
	case "ByteOrderedPartitioner":
		return ByteOrdered, nil
	}
	return 0, fmt.Errorf("unsupported partitioner %q", class)
}

// token is a partition token as an unsigned 128-bit number, so that one
// comparison serves every partitioner: Murmur3's signed 64-bit token is
// shifted into unsigned order, RandomPartitioner's token is the 127-bit
// absolute value of the MD5, and ByteOrdered tokens are all zero (the key
// bytes decide).
type token struct{ hi, lo uint64 }

func (t token) compare(u token) int {
	switch {
	case t.hi != u.hi:
		return cmpU64(t.hi, u.hi)
	case t.lo != u.lo:
		return cmpU64(t.lo, u.lo)
	}
	return 0
}

func cmpU64(a, b uint64) int {
	if a < b {
		return -1
	}
	if a > b {
		return 1
	}
	return 0
}

// decoratedKey is a partition key with its token: partitions are ordered
// by token, then by key bytes.
type decoratedKey struct {
	tok token
	key []byte
}

func (a decoratedKey) compare(b decoratedKey) int {
	if c := a.tok.compare(b.tok); c != 0 {
		return c
	}
	return bytes.Compare(a.key, b.key)
}

func (p Partitioner) decorate(key []byte) decoratedKey {
	switch p {
	case Murmur3:
		t := murmur3Token(key)
		return decoratedKey{tok: token{hi: uint64(t) ^ 1<<63}, key: key}
	case Random:
		return decoratedKey{tok: md5Token(key), key: key}
	}
	return decoratedKey{key: key}
}

// md5Token is RandomPartitioner's token: the MD5 of the key read as a
// signed big-endian 128-bit integer, made positive (BigInteger.abs).
func md5Token(key []byte) token {
	sum := md5.Sum(key)
	hi, lo := binary.BigEndian.Uint64(sum[:8]), binary.BigEndian.Uint64(sum[8:])
	if int64(hi) < 0 { // two's complement negation
		var borrow uint64
		lo, borrow = bits.Sub64(0, lo, 0)
		hi, _ = bits.Sub64(0, hi, borrow)
	}
	return token{hi: hi, lo: lo}
}

// murmur3Token is Murmur3Partitioner's token: the first half of
// MurmurHash3_x64_128 with seed 0, computed as Cassandra does, with the
// tail bytes sign-extended, and Long.MIN_VALUE mapped to Long.MAX_VALUE.
func murmur3Token(key []byte) int64 {
	h1, _ := murmur3Hash128(key)
	t := int64(h1)
	if t == math.MinInt64 {
		t = math.MaxInt64
	}
	return t
}

func fmix64(k uint64) uint64 {
	k ^= k >> 33
	k *= 0xff51afd7ed558ccd
	k ^= k >> 33
	k *= 0xc4ceb9fe1a85ec53
	k ^= k >> 33
	return k
}

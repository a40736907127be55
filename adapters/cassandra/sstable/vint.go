package sstable

import "math/bits"

// Cassandra's variable-length integers: the number of leading 1-bits of the
// first byte is the number of extra bytes (0–8); the remaining bits of the
// first byte are the high bits of the value, extra bytes follow big-endian.
// Signed vints are zig-zag encoded over that.

// vintSize returns the total encoded length announced by a first byte.
func vintSize(first byte) int {
	return bits.LeadingZeros8(^first) + 1
}

// uvint decodes an unsigned vint from b and returns it with its length; n is
// 0 when b is too short.
func uvint(b []byte) (v uint64, n int) {
	if len(b) == 0 {
		return 0, 0
	}
	size := vintSize(b[0])
	if size == 1 {
		return uint64(b[0]), 1
	}
	if len(b) < size {
		return 0, 0
	}
	if size < 9 {
		v = uint64(b[0] & (0xff >> size))
	}
	for _, c := range b[1:size] {
		v = v<<8 | uint64(c)
	}
	return v, size
}

func zigzag(v uint64) int64 { return int64(v>>1) ^ -int64(v&1) }

// putUvint appends the vint encoding of v (used by tests and fixtures).
func putUvint(dst []byte, v uint64) []byte {
	extra := 0
	for extra < 8 && v >= 1<<(7*(extra+1)) {
		extra++
	}
	if extra == 8 {
		dst = append(dst, 0xff)
		for s := 56; s >= 0; s -= 8 {
			dst = append(dst, byte(v>>s))
		}
		return dst
	}
	first := byte(0xff<<(8-extra)) | byte(v>>(8*extra))
	dst = append(dst, first)
	for s := 8 * (extra - 1); s >= 0; s -= 8 {
		dst = append(dst, byte(v>>s))
	}
	return dst
}

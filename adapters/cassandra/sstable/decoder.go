package sstable

import (
	"encoding/binary"
	"math"
)

// decoder reads big-endian fields from an in-memory slice of one component
// file. The first failure sticks: later reads return zero values and err
// keeps the position and expectation of that first failure, so parsers can
// read a whole structure and check err once.
type decoder struct {
	file string
	base int64 // offset of b[0] in the file
	b    []byte
	off  int
	err  error
}

func newDecoder(file string, base int64, b []byte) *decoder {
	return &decoder{file: file, base: base, b: b}
}

func (d *decoder) pos() int64 { return d.base + int64(d.off) }

func (d *decoder) remaining() int { return len(d.b) - d.off }

func (d *decoder) fail(format string, args ...any) {
	if d.err == nil {
		d.err = corruptf(d.file, d.pos(), format, args...)
	}
}

// take returns the next n bytes, or nil after recording what was expected.
func (d *decoder) take(n int, what string) []byte {
	if d.err != nil {
		return nil
	}
	if n < 0 || n > d.remaining() {
		d.fail("expected %s of %d bytes, %d bytes left", what, n, d.remaining())
		return nil
	}
	b := d.b[d.off : d.off+n]
	d.off += n
	return b
}

func (d *decoder) u8(what string) byte {
	if b := d.take(1, what); b != nil {
		return b[0]
	}
	return 0
}

func (d *decoder) u16(what string) uint16 {
	if b := d.take(2, what); b != nil {
		return binary.BigEndian.Uint16(b)
	}
	return 0
}

func (d *decoder) u32(what string) uint32 {
	if b := d.take(4, what); b != nil {
		return binary.BigEndian.Uint32(b)
	}
	return 0
}

func (d *decoder) u64(what string) uint64 {
	if b := d.take(8, what); b != nil {
		return binary.BigEndian.Uint64(b)
	}
	return 0
}

func (d *decoder) f64(what string) float64 { return math.Float64frombits(d.u64(what)) }

func (d *decoder) uvint(what string) uint64 {
	if d.err != nil {
		return 0
	}
	v, n := uvint(d.b[d.off:])
	if n == 0 {
		d.fail("expected %s (vint), file ends", what)
		return 0
	}
	d.off += n
	return v
}

// length reads an unsigned vint length and checks it against the bytes left,
// so that no caller allocates from a corrupt length.
func (d *decoder) length(what string) int {
	at := d.pos()
	v := d.uvint(what + " length")
	if d.err == nil && v > uint64(d.remaining()) {
		d.err = corruptf(d.file, at, "expected %s length ≤ %d bytes left, found %d", what, d.remaining(), v)
		return 0
	}
	return int(v)
}

// vbytes reads a vint-length-prefixed byte string.
func (d *decoder) vbytes(what string) []byte {
	n := d.length(what)
	return d.take(n, what)
}

// utf reads a Java writeUTF string (u16 length + modified UTF-8).
func (d *decoder) utf(what string) string {
	n := d.u16(what + " length")
	return string(d.take(int(n), what))
}

package sstable

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"
)

// filterBuilder builds Filter.db, Cassandra's bloom filter over partition
// keys. Its size depends on the number of keys, which a streaming writer
// learns only at the end, so the 128-bit key hashes wait in a temporary
// file (16 bytes a partition) instead of memory.
type filterBuilder struct {
	path, tmpPath string
	tmp           *os.File
	bw            *bufio.Writer
	count         int64
}

func newFilterBuilder(desc Descriptor, _ Partitioner) (*filterBuilder, error) {
	b := &filterBuilder{path: desc.Path(compFilter), tmpPath: desc.Path("Filter.db.hashes.tmp")}
	f, err := os.OpenFile(b.tmpPath, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return nil, err
	}
	b.tmp, b.bw = f, bufio.NewWriterSize(f, 64<<10)
	return b, nil
}

// add records a key. Every partitioner's filter hashes the key bytes with
// Cassandra's MurmurHash3 x64_128 (seed 0).
func (b *filterBuilder) add(key []byte) error {
	h1, h2 := murmur3Hash128(key)
	var rec [16]byte
	binary.BigEndian.PutUint64(rec[:], h1)
	binary.BigEndian.PutUint64(rec[8:], h2)
	b.count++
	_, err := b.bw.Write(rec[:])
	return err
}

// close sizes the filter for the keys seen, sets their bits and writes
// Filter.db: i32 hash count, i32 number of 64-bit words, the bit set.
// Before 'na' each word is written as the big-endian long of its
// little-endian bytes (the old format); from 'na' the bytes as they are.
func (b *filterBuilder) close(fpChance float64, oldFormat bool) error {
	defer b.abortTmp()
	if err := b.bw.Flush(); err != nil {
		return err
	}
	k, perElem, err := bloomSpec(b.count, fpChance)
	if err != nil {
		return err
	}
	words := (b.count*int64(perElem) + bloomExcess + 63) / 64
	if words > math.MaxInt32 {
		return fmt.Errorf("bloom filter of %d words is too large", words)
	}
	bits := make([]byte, words*8)
	capacity := words * 64
	if _, err := b.tmp.Seek(0, io.SeekStart); err != nil {
		return err
	}
	br := bufio.NewReaderSize(b.tmp, 64<<10)
	var rec [16]byte
	for i := int64(0); i < b.count; i++ {
		if _, err := io.ReadFull(br, rec[:]); err != nil {
			return fmt.Errorf("%s: %w", b.tmpPath, err)
		}
		// Indexes h2 + i·h1 (BloomFilter.setIndexes with the 3.0+ order).
		base, inc := int64(binary.BigEndian.Uint64(rec[8:])), int64(binary.BigEndian.Uint64(rec[:]))
		for j := 0; j < k; j++ {
			idx := base % capacity
			if idx < 0 {
				idx = -idx
			}
			bits[idx>>3] |= 1 << (idx & 7)
			base += inc
		}
	}
	out := binary.BigEndian.AppendUint32(nil, uint32(k))
	out = binary.BigEndian.AppendUint32(out, uint32(words))
	if oldFormat {
		for i := 0; i < len(bits); i += 8 {
			out = binary.BigEndian.AppendUint64(out, binary.LittleEndian.Uint64(bits[i:]))
		}
	} else {
		out = append(out, bits...)
	}
	return writeFile(b.path, out)
}

func (b *filterBuilder) abortTmp() {
	if b.tmp != nil {
		b.tmp.Close()
		b.tmp = nil
	}
	os.Remove(b.tmpPath)
}

func (b *filterBuilder) abort() {
	b.abortTmp()
	os.Remove(b.path)
}

// bloomExcess is the slack Cassandra adds to every filter (BITSET_EXCESS).
const bloomExcess = 20

// bloomSpec chooses hash count and bits per element as
// BloomCalculations.computeBloomSpec does: the fewest buckets per element
// whose optimal hash count reaches the false-positive chance, then the
// fewest hashes that still do. Probabilities are (1-e^(-k/b))^k.
func bloomSpec(elements int64, fp float64) (k, perElem int, err error) {
	const maxBuckets = 20
	maxB := maxBuckets
	if elements > 0 && (math.MaxInt64-bloomExcess)/elements < maxBuckets {
		maxB = int((math.MaxInt64 - bloomExcess) / elements)
	}
	maxB = max(maxB, 1)
	prob := func(b, k int) float64 { return math.Pow(1-math.Exp(-float64(k)/float64(b)), float64(k)) }
	optK := func(b int) int {
		best, bestP := 1, math.Inf(1)
		for k := 1; k <= b; k++ {
			if p := prob(b, k); p < bestP {
				best, bestP = k, p
			}
		}
		return best
	}
	if fp >= prob(2, 1) {
		return optK(2), 2, nil
	}
	if fp < prob(maxB, optK(maxB)) {
		return 0, 0, fmt.Errorf("bloom filter false-positive chance %g is too small for %d keys", fp, elements)
	}
	b := 2
	k = optK(b)
	for prob(b, k) > fp {
		b++
		k = optK(b)
	}
	for k > 1 && prob(b, k-1) <= fp {
		k--
	}
	return k, b, nil
}

// murmur3Hash128 is Cassandra's MurmurHash3_x64_128 with seed 0, tail bytes
// sign-extended; the first half is Murmur3Partitioner's token.
func murmur3Hash128(key []byte) (uint64, uint64) {
	const c1, c2 = 0x87c37b91114253d5, 0x4cf5ad432745937f
	var h1, h2 uint64
	n := len(key)
	for i := 0; i+16 <= n; i += 16 {
		k1 := binary.LittleEndian.Uint64(key[i:])
		k2 := binary.LittleEndian.Uint64(key[i+8:])
		h1 ^= rotl(k1*c1, 31) * c2
		h1 = (rotl(h1, 27)+h2)*5 + 0x52dce729
		h2 ^= rotl(k2*c2, 33) * c1
		h2 = (rotl(h2, 31)+h1)*5 + 0x38495ab5
	}
	tail := key[n/16*16:]
	var k1, k2 uint64
	for i := len(tail) - 1; i >= 8; i-- {
		k2 ^= uint64(int64(int8(tail[i]))) << (8 * (i - 8))
	}
	if len(tail) > 8 {
		h2 ^= rotl(k2*c2, 33) * c1
	}
	for i := min(len(tail), 8) - 1; i >= 0; i-- {
		k1 ^= uint64(int64(int8(tail[i]))) << (8 * i)
	}
	if len(tail) > 0 {
		h1 ^= rotl(k1*c1, 31) * c2
	}
	h1 ^= uint64(n)
	h2 ^= uint64(n)
	h1 += h2
	h2 += h1
	h1, h2 = fmix64(h1), fmix64(h2)
	h1 += h2
	h2 += h1
	return h1, h2
}

func rotl(x uint64, r int) uint64 { return x<<r | x>>(64-r) }

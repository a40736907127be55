package sstable

import (
	"context"
	"errors"
	"io"
	"sort"
)

// Split is a range of partitions, [Start, End) in token order, read across
// all SSTables at once. Start and End are raw partition keys (the token is
// derived from them); nil means unbounded. The zero Split is the whole
// table. Splits from Table.Splits cover the table exactly once, so the union
// of their rows is exactly the rows of a single scan.
type Split struct {
	Index int    // position of the split in token order
	Start []byte // first partition key included, nil from the start
	End   []byte // first partition key excluded, nil to the end
}

// maxSamples bounds the memory used to choose split boundaries.
const maxSamples = 1 << 13

// Splits divides the table into at most n splits of about the same number
// of partitions, with boundaries taken from the SSTables' Index.db files
// (keys are sampled, never all kept in memory). Without any Index.db, or
// with fewer partitions than n, fewer splits are returned.
func (t *Table) Splits(ctx context.Context, n int) ([]Split, error) {
	if n <= 1 {
		return []Split{{}}, nil
	}
	samples, err := t.sampleKeys(ctx)
	if err != nil {
		return nil, err
	}
	sort.Slice(samples, func(i, j int) bool { return samples[i].compare(samples[j]) < 0 })
	var bounds [][]byte
	for i := 1; i < n; i++ {
		k := samples[i*len(samples)/n]
		if len(bounds) > 0 && t.part.decorate(bounds[len(bounds)-1]).compare(k) >= 0 {
			continue
		}
		if len(samples) > 0 && k.compare(samples[0]) == 0 {
			continue // an empty first split
		}
		bounds = append(bounds, k.key)
	}
	out := make([]Split, 0, len(bounds)+1)
	var start []byte
	for i, b := range bounds {
		out = append(out, Split{Index: i, Start: start, End: b})
		start = b
	}
	return append(out, Split{Index: len(bounds), Start: start}), nil
}

// sampleKeys collects keys from every Index.db: all of them while there
// are few, and every 2^k-th once there are more than maxSamples.
func (t *Table) sampleKeys(ctx context.Context) ([]decoratedKey, error) {
	var samples []decoratedKey
	stride, seen := 1, 0
	for _, s := range t.ssts {
		if !s.desc.exists(compIndex) {
			continue
		}
		dataLen := s.dataSize
		if s.comp != nil {
			dataLen = s.comp.dataLength
		}
		r, err := openIndex(s, dataLen)
		if err != nil {
			return nil, err
		}
		for {
			e, err := r.next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				r.close()
				return nil, err
			}
			if seen++; seen%stride != 0 {
				continue
			}
			samples = append(samples, t.part.decorate(e.key))
			if len(samples) >= maxSamples {
				samples = decimate(samples)
				stride *= 2
				if err := ctx.Err(); err != nil {
					r.close()
					return nil, err
				}
			}
		}
		r.close()
	}
	return samples, nil
}

// decimate keeps every other sample.
func decimate(s []decoratedKey) []decoratedKey {
	out := s[:0]
	for i := 0; i < len(s); i += 2 {
		out = append(out, s[i])
	}
	return out
}

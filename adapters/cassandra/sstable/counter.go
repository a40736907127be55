package sstable

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"sort"
)

// A counter cell's value is a counter context: i16 header count n, n i16
// shard indexes (negative = local shard), then 32-byte shards of a 16-byte
// counter id, an i64 logical clock and an i64 count.

type counterShard struct {
	id           []byte
	clock, count int64
}

// parseCounterContext splits a context into shards. Shards with the same
// id (old local shards) are summed.
func parseCounterContext(b []byte) ([]counterShard, error) {
	if len(b) < 2 {
		return nil, fmt.Errorf("counter context of %d bytes has no header", len(b))
	}
	n := int(int16(binary.BigEndian.Uint16(b)))
	if n < 0 || 2+2*n > len(b) {
		return nil, fmt.Errorf("counter context header count %d does not fit %d bytes", n, len(b))
	}
	body := b[2+2*n:]
	if len(body)%32 != 0 {
		return nil, fmt.Errorf("counter context body of %d bytes is not a whole number of 32-byte shards", len(body))
	}
	shards := make([]counterShard, 0, len(body)/32)
	for i := 0; i < len(body); i += 32 {
		s := counterShard{id: body[i : i+16], clock: int64(binary.BigEndian.Uint64(body[i+16:])), count: int64(binary.BigEndian.Uint64(body[i+24:]))}
		if k := len(shards); k > 0 && bytes.Equal(shards[k-1].id, s.id) {
			shards[k-1].count += s.count
			shards[k-1].clock = max(shards[k-1].clock, s.clock)
			continue
		}
		shards = append(shards, s)
	}
	return shards, nil
}

// counterValue is the value of a counter: the sum of its shards' counts.
func counterValue(b []byte) (int64, error) {
	shards, err := parseCounterContext(b)
	var sum int64
	for _, s := range shards {
		sum += s.count
	}
	return sum, err
}

// mergeCounterContexts merges two versions of a counter: per counter id the
// shard with the highest clock wins. The result is a context of global
// shards. An unreadable context is kept as the other one.
func mergeCounterContexts(a, b []byte) []byte {
	sa, errA := parseCounterContext(a)
	sb, errB := parseCounterContext(b)
	if errA != nil {
		return b
	}
	if errB != nil {
		return a
	}
	byID := map[string]counterShard{}
	for _, s := range append(sa, sb...) {
		if cur, ok := byID[string(s.id)]; !ok || s.clock > cur.clock || s.clock == cur.clock && s.count > cur.count {
			byID[string(s.id)] = s
		}
	}
	ids := make([]string, 0, len(byID))
	for id := range byID {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	out := make([]byte, 2, 2+32*len(ids))
	for _, id := range ids {
		s := byID[id]
		out = append(out, s.id...)
		out = binary.BigEndian.AppendUint64(out, uint64(s.clock))
		out = binary.BigEndian.AppendUint64(out, uint64(s.count))
	}
	return out
}

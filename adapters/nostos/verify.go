package nostos

import (
	"bytes"
	"context"
	"fmt"
	"slices"
)

// verify is the export's check before the commit: the store's own key count
// against the distinct keys read (and the warehouse's count when given), and
// the sampled rows read back from the store field by field. The sampled
// records were encoded from the source rows before sorting, so the check
// covers sorting, spilling, merging, grouping and the store's reads and
// writes, not only the last step.
func (x *exporter) verify(ctx context.Context, w Writer, countKeys func(context.Context) (int64, error)) error {
	stored, err := w.Count(ctx)
	if err != nil {
		return err
	}
	if stored != x.keys {
		return fmt.Errorf("%w: the store holds %d keys, the relation has %d distinct keys", ErrVerify, stored, x.keys)
	}
	if countKeys != nil {
		want, err := countKeys(ctx)
		if err != nil {
			return fmt.Errorf("counting distinct keys in the warehouse: %w", err)
		}
		if want != stored {
			return fmt.Errorf("%w: the store holds %d keys, the warehouse counts %d distinct keys", ErrVerify, stored, want)
		}
	}
	// Read the sample in key order: sequential page access in the store.
	sample := slices.Clone(x.sample)
	slices.SortFunc(sample, func(a, b sampled) int { return bytes.Compare(a.key, b.key) })
	for _, s := range sample {
		got, ok, err := w.Lookup(ctx, s.key)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("%w: key %q of row %d is missing from the store", ErrVerify, s.key, s.row)
		}
		if err := x.compare(s, got); err != nil {
			return err
		}
	}
	return nil
}

// compare checks one sampled row against the value its key has in the store.
func (x *exporter) compare(s sampled, got []byte) error {
	if x.list {
		recs, err := DecodeList(got)
		if err != nil {
			return fmt.Errorf("%w: key %q: %v", ErrVerify, s.key, err)
		}
		for _, r := range recs {
			if bytes.Equal(r, s.rec) {
				return nil
			}
		}
		return fmt.Errorf("%w: key %q: row %d is not in the stored list of %d records", ErrVerify, s.key, s.row, len(recs))
	}
	n := len(x.schema.Fields)
	want, err := DecodeRecord(s.rec, n)
	if err != nil {
		return err
	}
	have, err := DecodeRecord(got, n)
	if err != nil {
		return fmt.Errorf("%w: key %q: %v", ErrVerify, s.key, err)
	}
	for i := range want {
		if !bytes.Equal(want[i], have[i]) {
			return fmt.Errorf("%w: key %q field %q: the relation has %s, the store %s",
				ErrVerify, s.key, x.schema.Fields[i], want[i], have[i])
		}
	}
	return nil
}

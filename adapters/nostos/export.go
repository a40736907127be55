package nostos

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"time"
)

// Errors of Export that are the data's fault, not the store's.
var (
	ErrDuplicateKey = errors.New("duplicate key")
	ErrVerify       = errors.New("export check failed")
)

// Rows is a relation streamed to Export, typically
// `SELECT <key>, <fields> FROM <relation>`. Next returns io.EOF after the
// last row; values are those of adapters.RowSource (nil, bool, int64,
// float64, string, []byte, time.Time).
type Rows interface {
	Columns() []string
	Next() ([]any, error)
}

// Spec says what Export writes (the sink block of SPEC §7) and how.
type Spec struct {
	Dataset string
	Key     []string // key columns, in order
	Fields  []string // stored fields, in order; empty: every column but the key
	Collect string   // "" or "list"
	Keep    int      // versions kept after the export (at least 1)
	// CountKeys, when set, counts the relation's distinct keys in the
	// warehouse (SELECT count(*) FROM (SELECT DISTINCT <key> FROM rel)); the
	// version is refused unless the store holds exactly that many.
	CountKeys func(ctx context.Context) (int64, error)

	Sample    int // rows sampled and read back (default 1000)
	SortBytes int // memory for sorting before spilling runs to disk (default 64 MiB)
	Batch     int // entries per store transaction (default 50,000)
}

// Result is what an export did.
type Result struct {
	Dataset string        `json:"dataset"`
	Version int           `json:"version"`
	Rows    int64         `json:"rows"`
	Keys    int64         `json:"keys"`
	Sampled int           `json:"sampled"`
	Dropped []int         `json:"dropped,omitempty"`
	Bytes   int64         `json:"bytes"`   // size of the version in the store
	Spilled int64         `json:"spilled"` // bytes sorted on disk
	Took    time.Duration `json:"took"`
}

// tempDirer is implemented by stores that say where Export may spill.
type tempDirer interface{ TempDir() string }

// NextVersion says what Export would do to a dataset now: the version it
// would write and the versions it would then drop to keep keep. It reads
// only; quill plan shows it ("will write v4, drop v1").
func NextVersion(ctx context.Context, st Reader, dataset string, keep int) (next int, drops []int, err error) {
	d, err := st.Dataset(ctx, dataset)
	if errors.Is(err, ErrNoDataset) {
		return 1, nil, nil
	}
	if err != nil {
		return 0, nil, err
	}
	next = d.Last + 1
	vs := []int{next}
	for _, v := range d.Versions {
		vs = append(vs, v.Version)
	}
	return next, PruneList(vs, next, keep), nil
}

// Export writes src as the next version of spec.Dataset, checks it, makes it
// active and drops the versions beyond spec.Keep:
//
//  1. rows are read once, encoded, and sorted by key with bounded memory
//     (spilled runs), while a uniform sample of them (reservoir sampling:
//     row i replaces a random slot with probability Sample/i) is kept;
//  2. the sorted entries are written in batches; rows sharing a key are a
//     duplicate-key error, or, with collect = "list", one list in input order
//     (give src an ORDER BY to choose the order within lists);
//  3. the check: the number of keys the store holds must equal the distinct
//     keys read (and CountKeys when set), and every sampled row must read
//     back from the store equal, field by field (for lists: be one of its
//     key's records);
//  4. commit (the atomic switch), then prune.
//
// Any failure before the commit aborts the version, leaving the active
// version as it was. ctx covers the whole export; src is not closed.
func Export(ctx context.Context, src Rows, st Store, spec Spec) (Result, error) {
	start := time.Now()
	res := Result{Dataset: spec.Dataset}
	x, err := newExporter(src.Columns(), spec)
	if err != nil {
		return res, err
	}
	dir := os.TempDir()
	if t, ok := st.(tempDirer); ok {
		dir = t.TempDir()
	}
	w, err := st.Begin(ctx, spec.Dataset, x.schema)
	if err != nil {
		return res, err
	}
	res.Version = w.Version()
	s := newSorter(dir, x.sortBytes)
	defer s.close()
	if err := x.read(ctx, src, s); err != nil {
		w.Abort()
		return res, err
	}
	res.Rows, res.Sampled = x.rows, len(x.sample)
	if err := x.write(ctx, s, w); err != nil {
		w.Abort()
		return res, err
	}
	res.Keys, res.Spilled = x.keys, s.bytes
	s.close()
	if err := x.verify(ctx, w, spec.CountKeys); err != nil {
		w.Abort()
		return res, fmt.Errorf("dataset %s v%d: %w", spec.Dataset, res.Version, err)
	}
	v, err := w.Commit(ctx, x.rows)
	if err != nil {
		return res, err
	}
	res.Bytes = v.Bytes
	res.Dropped, err = st.Prune(ctx, spec.Dataset, max(spec.Keep, 1))
	res.Took = time.Since(start)
	if err != nil {
		return res, fmt.Errorf("dataset %s: v%d is active, but dropping old versions failed: %w", spec.Dataset, res.Version, err)
	}
	return res, nil
}

// exporter holds one export's state between its phases.
type exporter struct {
	schema    Schema
	keyIdx    []int
	fieldIdx  []int
	list      bool
	sampleN   int
	sortBytes int
	batch     int

	rows, keys int64
	sample     []sampled
}

type sampled struct {
	key, rec []byte
	row      int64
}

func newExporter(cols []string, spec Spec) (*exporter, error) {
	if !ValidName(spec.Dataset) {
		return nil, fmt.Errorf("%w %q", ErrBadName, spec.Dataset)
	}
	if spec.Collect != CollectRecord && spec.Collect != CollectList {
		return nil, fmt.Errorf("collect %q: want \"\" or \"list\"", spec.Collect)
	}
	if len(spec.Key) == 0 {
		return nil, errors.New("a dataset needs key columns")
	}
	x := &exporter{list: spec.Collect == CollectList, sampleN: or(spec.Sample, 1000),
		sortBytes: or(spec.SortBytes, 64<<20), batch: or(spec.Batch, 50_000)}
	find := func(name string) (int, error) {
		if i := slices.Index(cols, name); i >= 0 {
			return i, nil
		}
		return 0, fmt.Errorf("column %q is not in the relation (columns: %s)", name, strings.Join(cols, ", "))
	}
	for _, k := range spec.Key {
		i, err := find(k)
		if err != nil {
			return nil, err
		}
		x.keyIdx = append(x.keyIdx, i)
	}
	fields := spec.Fields
	if len(fields) == 0 {
		for _, c := range cols {
			if !slices.Contains(spec.Key, c) {
				fields = append(fields, c)
			}
		}
	}
	for _, f := range fields {
		i, err := find(f)
		if err != nil {
			return nil, err
		}
		x.fieldIdx = append(x.fieldIdx, i)
	}
	x.schema = Schema{Key: slices.Clone(spec.Key), Fields: slices.Clone(fields), Collect: spec.Collect}
	return x, nil
}

func or(v, def int) int {
	if v > 0 {
		return v
	}
	return def
}

// read encodes every row into the sorter and samples rows.
func (x *exporter) read(ctx context.Context, src Rows, s *sorter) error {
	parts := make([]string, len(x.keyIdx))
	vals := make([][]byte, len(x.fieldIdx))
	var key, scratch, rec []byte
	for {
		row, err := src.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("reading row %d: %w", x.rows+1, err)
		}
		if x.rows%4096 == 0 && ctx.Err() != nil {
			return context.Cause(ctx)
		}
		for i, k := range x.keyIdx {
			if parts[i], err = KeyPart(row[k]); err != nil {
				return fmt.Errorf("row %d: key column %q: %w", x.rows+1, x.schema.Key[i], err)
			}
		}
		key = append(key[:0], KeyString(parts)...)
		scratch = scratch[:0]
		for i, f := range x.fieldIdx {
			n := len(scratch)
			scratch = AppendValue(scratch, row[f])
			vals[i] = scratch[n:]
		}
		rec = EncodeRecord(rec[:0], vals)
		if err := s.add(key, rec); err != nil {
			return err
		}
		x.keep(key, rec)
		x.rows++
	}
}

// keep is one step of reservoir sampling (Algorithm R).
func (x *exporter) keep(key, rec []byte) {
	slot := len(x.sample)
	if slot >= x.sampleN {
		if slot = rand.IntN(int(x.rows + 1)); slot >= x.sampleN {
			return
		}
	}
	e := sampled{key: append([]byte(nil), key...), rec: append([]byte(nil), rec...), row: x.rows + 1}
	if slot == len(x.sample) {
		x.sample = append(x.sample, e)
	} else {
		x.sample[slot] = e
	}
}

// write stores the sorted entries in batches, grouping lists.
func (x *exporter) write(ctx context.Context, s *sorter, w Writer) error {
	it, err := s.finish()
	if err != nil {
		return err
	}
	b := &batcher{w: w, size: x.batch}
	defer b.wait()         // no write may outlive an error return (Abort follows)
	var prev, group []byte // the current key and its value (a list's records)
	var n uint64           // records in a list group
	have := false
	flush := func() error {
		if !have {
			return nil
		}
		x.keys++
		if x.list {
			return b.add(ctx, prev, binary.AppendUvarint(nil, n), group)
		}
		return b.add(ctx, prev, group, nil)
	}
	for {
		k, v, err := it.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("reading sorted runs: %w", err)
		}
		if !have || !bytes.Equal(k, prev) {
			if err := flush(); err != nil {
				return err
			}
			prev, group, n, have = append(prev[:0], k...), group[:0], 0, true
		} else if !x.list {
			return fmt.Errorf("%w %q: several rows share it; make the key unique or set collect = \"list\"", ErrDuplicateKey, k)
		}
		if x.list {
			group = binary.AppendUvarint(group, uint64(len(v)))
			n++
		}
		group = append(group, v...)
	}
	if err := flush(); err != nil {
		return err
	}
	return b.flush(ctx)
}

// batcher gathers entries into an arena and hands them to the Writer in
// transactions of size entries (or 32 MiB). The store writes one batch in a
// goroutine while the merge fills the next (two arenas), which keeps both
// cores busy; the Writer is still called by one goroutine at a time.
type batcher struct {
	w       Writer
	size    int
	arena   []byte
	offs    []int // per entry: key start, value start, end
	spare   *batch
	pending chan error // the write in flight, if any
}

// batch is one transaction's entries; they alias arena.
type batch struct {
	arena []byte
	ents  []Entry
}

// add appends an entry whose value is head followed by tail.
func (b *batcher) add(ctx context.Context, key, head, tail []byte) error {
	start := len(b.arena)
	b.arena = append(b.arena, key...)
	mid := len(b.arena)
	b.arena = append(b.arena, head...)
	b.arena = append(b.arena, tail...)
	b.offs = append(b.offs, start, mid, len(b.arena))
	if len(b.offs)/3 >= b.size || len(b.arena) >= 32<<20 {
		return b.send(ctx)
	}
	return nil
}

// send waits for the write in flight, then starts writing the entries
// gathered so far and takes the other arena to fill.
func (b *batcher) send(ctx context.Context) error {
	if err := b.wait(); err != nil {
		return err
	}
	if len(b.offs) == 0 {
		return nil
	}
	cur := b.spare
	if cur == nil {
		cur = &batch{}
	}
	cur.ents = cur.ents[:0]
	for i := 0; i < len(b.offs); i += 3 {
		o := b.offs[i : i+3]
		cur.ents = append(cur.ents, Entry{Key: b.arena[o[0]:o[1]], Value: b.arena[o[1]:o[2]]})
	}
	cur.arena, b.arena = b.arena, cur.arena[:0]
	b.offs = b.offs[:0]
	b.pending = make(chan error, 1)
	go func() {
		err := b.w.Write(ctx, cur.ents)
		b.spare = cur // before the send: send reads it after receiving
		b.pending <- err
	}()
	return nil
}

func (b *batcher) wait() error {
	if b.pending == nil {
		return nil
	}
	err := <-b.pending
	b.pending = nil
	return err
}

// flush writes what is left and waits for it.
func (b *batcher) flush(ctx context.Context) error {
	if err := b.send(ctx); err != nil {
		return err
	}
	return b.wait()
}

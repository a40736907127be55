package source

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"math/big"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/quill-etl/quill/adapters"
	"github.com/quill-etl/quill/adapters/cassandra/cql"
	"github.com/quill-etl/quill/adapters/cassandra/sstable"
	"github.com/quill-etl/quill/models"
)

// Spec says what to scan.
type Spec struct {
	// Dirs are the snapshot folders of one table (several nodes'
	// replicas): local directories, or s3://bucket/prefix/ locations.
	Dirs       []string
	SchemaFile string    // CQL file with the CREATE TABLE (a path or an s3:// URL); "" to use the SSTable headers
	AsOf       time.Time // instant at which TTLs are judged; zero means now
	Splits     int       // token-range splits read in parallel; default 4
	S3         S3Options // how to reach s3:// locations (endpoint, block and cache sizes)
}

// Info describes what a scan will read, for plans.
type Info struct {
	SSTables int
	Bytes    int64 // Data.db bytes on disk
	Splits   int
}

// Describe lists a snapshot's SSTables without reading them; it is
// DescribeContext without a deadline.
func Describe(spec Spec) (Info, error) { return DescribeContext(context.Background(), spec) }

// DescribeContext lists a snapshot's SSTables without reading their data
// (an S3 snapshot costs a listing and its TOC files); ctx covers the call.
func DescribeContext(ctx context.Context, spec Spec) (Info, error) {
	snap, err := OpenSnapshot(ctx, spec)
	if err != nil {
		return Info{}, err
	}
	ds, err := sstable.DiscoverFS(snap.FS, snap.Dirs)
	if err != nil {
		return Info{}, err
	}
	info := Info{SSTables: len(ds), Splits: splits(spec)}
	for _, d := range ds {
		if f, err := snap.FS.Open(d.Path("Data.db")); err == nil {
			info.Bytes += f.Size()
			f.Close()
		}
	}
	return info, nil
}

func splits(spec Spec) int {
	if spec.Splits > 0 {
		return spec.Splits
	}
	return 4
}

// Scan is a running scan; it implements adapters.Extract.
type Scan struct {
	table  *sstable.Table
	snap   *Snapshot
	cols   []cql.Column
	rows   chan []any
	errc   chan error
	cancel context.CancelFunc
	wg     sync.WaitGroup
	count  atomic.Int64
}

var _ adapters.Extract = (*Scan)(nil)

// Open starts a scan: every split is read by its own goroutine and the rows
// meet in a small channel, so memory stays bounded by the reader's chunks
// and the channel, whatever the table's size. ctx covers the whole scan,
// every S3 request included.
func Open(ctx context.Context, spec Spec) (*Scan, error) {
	snap, err := OpenSnapshot(ctx, spec)
	if err != nil {
		return nil, err
	}
	schema, err := snap.ReadSchema(spec.SchemaFile)
	if err != nil {
		return nil, err
	}
	t, err := sstable.Open(ctx, snap.Dirs, sstable.Options{Schema: schema, AsOf: spec.AsOf, FS: snap.FS})
	if err != nil {
		return nil, err
	}
	parts, err := t.Splits(ctx, splits(spec))
	if err != nil {
		t.Close()
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	s := &Scan{table: t, snap: snap, cols: t.Columns(), rows: make(chan []any, 1024), errc: make(chan error, len(parts)), cancel: cancel}
	for _, p := range parts {
		s.wg.Add(1)
		go s.read(ctx, p)
	}
	go func() { s.wg.Wait(); close(s.rows) }()
	return s, nil
}

func (s *Scan) read(ctx context.Context, p sstable.Split) {
	defer s.wg.Done()
	rows, err := s.table.Rows(ctx, p)
	if err != nil {
		s.errc <- err
		return
	}
	defer rows.Close()
	for {
		r, err := rows.Next(ctx)
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			s.errc <- err
			return
		}
		out := make([]any, len(r))
		for i, v := range r {
			out[i] = Value(s.cols[i].Type, v)
		}
		select {
		case s.rows <- out:
		case <-ctx.Done():
			return
		}
	}
}

// Next returns the next merged row (splits interleave), or io.EOF after the
// last one; a read error of any split ends the scan with that error.
func (s *Scan) Next() ([]any, error) {
	select {
	case err := <-s.errc:
		s.cancel()
		return nil, err
	default:
	}
	r, ok := <-s.rows
	if !ok {
		select {
		case err := <-s.errc:
			return nil, err
		default:
			return nil, io.EOF
		}
	}
	s.count.Add(1)
	return r, nil
}

// Columns are the table's columns with warehouse types.
func (s *Scan) Columns() []models.Column {
	out := make([]models.Column, len(s.cols))
	for i, c := range s.cols {
		out[i] = models.Column{Name: c.Name, Type: cql.WarehouseType(c.Type), From: []string{}}
	}
	return out
}

// Count is the number of rows returned so far.
func (s *Scan) Count() int64 { return s.count.Load() }

// Fetched is what the scan has read from S3 so far (zero for a local
// snapshot).
func (s *Scan) Fetched() FetchStats {
	if s.snap.S3 == nil {
		return FetchStats{}
	}
	return s.snap.S3.Fetched()
}

// Close stops the scan and releases the files.
func (s *Scan) Close() error {
	s.cancel()
	for range s.rows { // let the readers finish
	}
	return s.table.Close()
}

// Value converts a reader value to what a warehouse load accepts: integers
// as int64, floats as float64, timestamps as time.Time, blobs as bytes, and
// everything else (decimals, varints, UUIDs, dates, times, inet, durations,
// collections, tuples, UDTs) as the text of its JSON form, which the
// column's warehouse type parses.
func Value(t cql.Type, v any) any {
	switch x := v.(type) {
	case nil, string, bool, int64, float64, []byte, time.Time:
		return x
	case int8:
		return int64(x)
	case int16:
		return int64(x)
	case int32:
		return int64(x)
	case float32:
		f, _ := strconv.ParseFloat(strconv.FormatFloat(float64(x), 'g', -1, 32), 64)
		return f
	case *big.Int:
		return x.String()
	}
	js := sstable.AppendJSONValue(nil, t, v)
	var s string
	if json.Unmarshal(js, &s) == nil {
		return s
	}
	return string(js)
}

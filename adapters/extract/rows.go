package extract

import (
	"context"
	"errors"
	"io"

	"github.com/quill-etl/quill/models"
)

// Rows streams the result of a source query. It implements
// adapters.RowSource, so it can be handed straight to
// adapters.Warehouse.LoadTemp. It is not safe for concurrent use; the caller
// must Close it, which returns its connection to the Source's pool.
type Rows struct {
	src   *Source
	cols  []models.Column
	rd    rowReader
	n     int64
	done  bool
	err   error
	close func() error
}

// rowReader is what a driver offers Rows: fill dst with the next row's
// normalised values, or return io.EOF after the last row.
type rowReader interface {
	next(dst []any) error
}

// Query runs sql on the source and returns its rows as they arrive; nothing
// is buffered beyond the driver's read buffer. ctx covers the whole read,
// until Close: cancelling it ends the query and makes Next fail.
func (s *Source) Query(ctx context.Context, sql string) (*Rows, error) {
	return s.query(ctx, sql)
}

// query is Query with bound arguments, for SampleDiff's key lookups.
func (s *Source) query(ctx context.Context, sql string, args ...any) (*Rows, error) {
	if s.kind == KindMySQL {
		return s.queryMySQL(ctx, sql, args)
	}
	return s.queryPostgres(ctx, sql, args)
}

// Columns returns the result's columns: their names and warehouse
// (PostgreSQL) types.
func (r *Rows) Columns() []models.Column { return r.cols }

// Count returns how many rows Next has yielded so far; after io.EOF it is
// the number of rows the query returned, the count the landed relation must
// match.
func (r *Rows) Count() int64 { return r.n }

// Next returns the next row's values (nil, bool, int64, float64, string,
// []byte or time.Time in UTC; decimals as strings), in a slice the caller
// may keep. After the last row it returns io.EOF, and after an error the
// same error again.
func (r *Rows) Next() ([]any, error) {
	if r.done {
		if r.err != nil {
			return nil, r.err
		}
		return nil, io.EOF
	}
	row := make([]any, len(r.cols))
	if err := r.rd.next(row); err != nil {
		r.done = true
		if !errors.Is(err, io.EOF) {
			r.err = r.src.wrap(err, "reading rows")
			return nil, r.err
		}
		return nil, io.EOF
	}
	r.n++
	return row, nil
}

// Close ends the query (discarding rows not read) and releases its
// connection. It is safe to call more than once.
func (r *Rows) Close() error {
	if r.close == nil {
		return nil
	}
	c := r.close
	r.close, r.done = nil, true
	return r.src.wrap(c(), "closing rows")
}

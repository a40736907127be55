package postgres

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/quill-etl/quill/adapters"
)

// querier is what both the pool and a transaction offer, so helpers run the
// same inside and outside a transaction.
type querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// Exec runs a statement with bound arguments; without arguments it may hold
// several statements.
func (w *Warehouse) Exec(ctx context.Context, sql string, args ...any) error {
	_, err := w.pool.Exec(ctx, sql, args...)
	return w.wrap(err, "exec")
}

// Query runs a query and reads every row, normalised as adapters.Result
// documents.
func (w *Warehouse) Query(ctx context.Context, sql string, args ...any) (*adapters.Result, error) {
	res, err := queryAll(ctx, w.pool, sql, args...)
	return res, w.wrap(err, "query")
}

func queryAll(ctx context.Context, q querier, sql string, args ...any) (*adapters.Result, error) {
	rows, err := q.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	return adapters.ReadAll(newRowStream(rows))
}

// Stream runs a query and returns its rows one at a time, as pgx reads them
// off the wire.
func (w *Warehouse) Stream(ctx context.Context, sql string, args ...any) (adapters.Rows, error) {
	rows, err := w.pool.Query(ctx, sql, args...)
	if err != nil {
		return nil, w.wrap(err, "query")
	}
	return &wrappedStream{rowStream: newRowStream(rows), w: w}, nil
}

// rowStream is a streamed pgx result with normalised values.
type rowStream struct {
	rows pgx.Rows
	cols []string
}

func newRowStream(rows pgx.Rows) *rowStream {
	fields := rows.FieldDescriptions()
	cols := make([]string, len(fields))
	for i, f := range fields {
		cols[i] = f.Name
	}
	return &rowStream{rows: rows, cols: cols}
}

func (s *rowStream) Columns() []string { return s.cols }
func (s *rowStream) Close() error      { s.rows.Close(); return nil }

// Next returns the next row, or io.EOF.
func (s *rowStream) Next() ([]any, error) {
	if !s.rows.Next() {
		if err := s.rows.Err(); err != nil {
			return nil, err
		}
		return nil, io.EOF
	}
	vals, err := s.rows.Values()
	if err != nil {
		return nil, err
	}
	for i, v := range vals {
		vals[i] = normalize(v)
	}
	return vals, nil
}

// wrappedStream redacts the errors a stream returns.
type wrappedStream struct {
	*rowStream
	w *Warehouse
}

func (s *wrappedStream) Next() ([]any, error) {
	vals, err := s.rowStream.Next()
	if err != nil && !errors.Is(err, io.EOF) {
		err = s.w.wrap(err, "query")
	}
	return vals, err
}

// normalize converts a pgx value to one of the types adapters.Result
// documents, so callers compare PostgreSQL and DuckDB results directly.
func normalize(v any) any {
	switch x := v.(type) {
	case nil, bool, int64, float64, string, []byte:
		return x
	case int16:
		return int64(x)
	case int32:
		return int64(x)
	case float32:
		// Through the shortest decimal form, so real 1.1 reads 1.1, not 1.100000023841858.
		f, _ := strconv.ParseFloat(strconv.FormatFloat(float64(x), 'g', -1, 32), 64)
		return f
	case time.Time:
		return x.UTC()
	case pgtype.Numeric:
		s, _ := x.Value() // numeric's own text form: 12.50, NaN, Infinity
		return s
	case [16]byte: // uuid
		h := hex.EncodeToString(x[:])
		return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
	case pgtype.Time:
		d := time.Duration(x.Microseconds) * time.Microsecond
		return time.Time{}.Add(d).Format("15:04:05.999999")
	case pgtype.Interval:
		return intervalString(x)
	case pgtype.InfinityModifier:
		return x.String()
	case fmt.Stringer:
		return x.String()
	}
	return jsonString(v)
}

// intervalString renders an interval the way PostgreSQL prints one
// ("1 mon 2 days 03:04:05").
func intervalString(iv pgtype.Interval) string {
	var parts []string
	if iv.Months != 0 {
		parts = append(parts, plural(int64(iv.Months), "mon"))
	}
	if iv.Days != 0 {
		parts = append(parts, plural(int64(iv.Days), "day"))
	}
	if iv.Microseconds != 0 || len(parts) == 0 {
		us := iv.Microseconds
		sign := ""
		if us < 0 {
			sign, us = "-", -us
		}
		s := fmt.Sprintf("%s%02d:%02d:%02d", sign, us/3600e6, us/60e6%60, us/1e6%60)
		if frac := us % 1e6; frac != 0 {
			s += strings.TrimRight(fmt.Sprintf(".%06d", frac), "0")
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}

func plural(n int64, unit string) string {
	if n == 1 || n == -1 {
		return fmt.Sprintf("%d %s", n, unit)
	}
	return fmt.Sprintf("%d %ss", n, unit)
}

// jsonString renders json, arrays and composite values as JSON text:
// Result holds scalars only.
func jsonString(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

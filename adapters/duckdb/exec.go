package duckdb

import (
	"context"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"

	duck "github.com/duckdb/duckdb-go/v2"

	"github.com/quill-etl/quill/adapters"
)

// execer is what both *sql.DB and *sql.Tx offer, so helpers run the same
// inside and outside a transaction.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// Exec runs a statement (or several, without arguments) with bound arguments.
func (w *Warehouse) Exec(ctx context.Context, query string, args ...any) error {
	_, err := w.db.ExecContext(ctx, query, args...)
	return err
}

// Query runs a query and reads every row, normalised (see package doc).
func (w *Warehouse) Query(ctx context.Context, query string, args ...any) (*adapters.Result, error) {
	return queryAll(ctx, w.db, query, args...)
}

func queryAll(ctx context.Context, q execer, query string, args ...any) (*adapters.Result, error) {
	rows, err := stream(ctx, q, query, args...)
	if err != nil {
		return nil, err
	}
	return adapters.ReadAll(rows)
}

// Stream runs a query and returns its rows one at a time.
func (w *Warehouse) Stream(ctx context.Context, query string, args ...any) (adapters.Rows, error) {
	return stream(ctx, w.db, query, args...)
}

func stream(ctx context.Context, q execer, query string, args ...any) (*rowStream, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	types, err := rows.ColumnTypes()
	if err != nil {
		rows.Close()
		return nil, err
	}
	cols := make([]string, len(types))
	for i, t := range types {
		cols[i] = t.Name()
	}
	return &rowStream{rows: rows, types: types, cols: cols}, nil
}

// rowStream is a streamed DuckDB result with normalised values.
type rowStream struct {
	rows  *sql.Rows
	types []*sql.ColumnType
	cols  []string
}

func (s *rowStream) Columns() []string { return s.cols }
func (s *rowStream) Close() error      { return s.rows.Close() }

// Next returns the next row, or io.EOF.
func (s *rowStream) Next() ([]any, error) {
	if !s.rows.Next() {
		if err := s.rows.Err(); err != nil {
			return nil, err
		}
		return nil, io.EOF
	}
	vals := make([]any, len(s.types))
	ptrs := make([]any, len(s.types))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := s.rows.Scan(ptrs...); err != nil {
		return nil, err
	}
	for i, v := range vals {
		vals[i] = normalize(v, s.types[i].DatabaseTypeName())
	}
	return vals, nil
}

// normalize converts a driver value to one of the types adapters.Result
// documents, so callers compare DuckDB and PostgreSQL results directly.
func normalize(v any, dbType string) any {
	if s, ok := scalar(v, dbType); ok {
		return s
	}
	return jsonString(nested(v))
}

// scalar normalises v when it is a scalar; ok is false for composite values.
func scalar(v any, dbType string) (_ any, ok bool) {
	switch x := v.(type) {
	case nil, bool, int64, float64, string:
		return x, true
	case int8:
		return int64(x), true
	case int16:
		return int64(x), true
	case int32:
		return int64(x), true
	case uint8:
		return int64(x), true
	case uint16:
		return int64(x), true
	case uint32:
		return int64(x), true
	case uint64:
		if x <= math.MaxInt64 {
			return int64(x), true
		}
		return strconv.FormatUint(x, 10), true
	case float32:
		// Through the shortest decimal form, so REAL 1.1 reads 1.1, not 1.100000023841858.
		f, _ := strconv.ParseFloat(strconv.FormatFloat(float64(x), 'g', -1, 32), 64)
		return f, true
	case *big.Int:
		if x.IsInt64() {
			return x.Int64(), true
		}
		return x.String(), true
	case duck.Decimal:
		return decimalString(x), true
	case []byte:
		if dbType == "UUID" && len(x) == 16 {
			return uuidString(x), true
		}
		return x, true
	case time.Time:
		if dbType == "TIME" {
			return x.Format("15:04:05.999999"), true
		}
		return x.UTC(), true
	case duck.Interval:
		return intervalString(x), true
	}
	return v, false
}

// nested normalises the elements of lists, structs and maps, so a decimal
// in a list renders as a number, not as the driver's struct.
func nested(v any) any {
	switch x := v.(type) {
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = nested(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = nested(e)
		}
		return out
	case duck.Decimal:
		return json.Number(decimalString(x))
	}
	if s, ok := scalar(v, ""); ok {
		return s
	}
	return v // other composites: encoding/json renders them as they are
}

// decimalString renders a decimal with all the digits of its scale, as
// PostgreSQL does for numeric(p, s): 1.50, not 1.5.
func decimalString(d duck.Decimal) string {
	if d.Value == nil {
		return "0"
	}
	neg := d.Value.Sign() < 0
	digits := new(big.Int).Abs(d.Value).String()
	scale := int(d.Scale)
	if scale > 0 {
		if len(digits) <= scale {
			digits = strings.Repeat("0", scale-len(digits)+1) + digits
		}
		digits = digits[:len(digits)-scale] + "." + digits[len(digits)-scale:]
	}
	if neg {
		return "-" + digits
	}
	return digits
}

func uuidString(b []byte) string {
	h := hex.EncodeToString(b)
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// intervalString renders an interval the way PostgreSQL prints one
// ("1 mon 2 days 03:04:05").
func intervalString(iv duck.Interval) string {
	var parts []string
	if iv.Months != 0 {
		parts = append(parts, plural(int64(iv.Months), "mon"))
	}
	if iv.Days != 0 {
		parts = append(parts, plural(int64(iv.Days), "day"))
	}
	if iv.Micros != 0 || len(parts) == 0 {
		d := time.Duration(iv.Micros) * time.Microsecond
		sign := ""
		if d < 0 {
			sign, d = "-", -d
		}
		s := fmt.Sprintf("%s%02d:%02d:%02d", sign, int64(d.Hours()), int64(d.Minutes())%60, int64(d.Seconds())%60)
		if us := iv.Micros % 1e6; us != 0 {
			s += strings.TrimRight(fmt.Sprintf(".%06d", abs(us)), "0")
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

func abs(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}

// jsonString renders nested values (lists, structs, maps, unions) as JSON
// text: Result holds scalars only.
func jsonString(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

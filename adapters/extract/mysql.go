package extract

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/quill-etl/quill/models"
)

// mysqlType gives the warehouse (PostgreSQL) type of a MySQL or MariaDB
// column, from the driver's type name.
func mysqlType(ct *sql.ColumnType) string {
	switch name := ct.DatabaseTypeName(); name {
	case "TINYINT", "UNSIGNED TINYINT", "SMALLINT":
		// TINYINT(1), MySQL's BOOL, stays a number: the driver cannot tell
		// it from other TINYINTs, and 2 is a valid value.
		return "smallint"
	case "UNSIGNED SMALLINT", "MEDIUMINT", "UNSIGNED MEDIUMINT", "INT", "YEAR":
		return "integer"
	case "UNSIGNED INT", "BIGINT", "BIT":
		return "bigint"
	case "UNSIGNED BIGINT":
		return "numeric(20,0)" // up to 2^64-1, beyond bigint
	case "DECIMAL":
		if p, s, ok := ct.DecimalSize(); ok && p > 0 {
			return fmt.Sprintf("numeric(%d,%d)", p, s)
		}
		return "numeric"
	case "FLOAT", "DOUBLE":
		return "double precision"
	case "DATE":
		return "date"
	case "DATETIME":
		return "timestamp" // a wall-clock time with no zone
	case "TIMESTAMP":
		return "timestamptz" // stored in UTC; read with time_zone UTC
	case "TIME":
		return "interval" // a duration: -838:59:59 to 838:59:59
	case "JSON":
		return "json"
	case "BINARY", "VARBINARY", "TINYBLOB", "BLOB", "MEDIUMBLOB", "LONGBLOB", "GEOMETRY":
		return "bytea"
	default:
		// CHAR, VARCHAR, TEXT…, ENUM, SET, NULL and anything newer.
		return "text"
	}
}

// mysqlKind is how a column's raw driver values are normalised.
type mysqlKind int

const (
	myText mysqlKind = iota
	myBytes
	myInt
	myUint // unsigned bigint: a decimal string beyond int64
	myBit
	myFloat
	myDecimal
	myTime
)

func mysqlKindOf(typ string) mysqlKind {
	switch {
	case typ == "bigint" || typ == "integer" || typ == "smallint":
		return myInt
	case typ == "numeric(20,0)":
		return myUint
	case strings.HasPrefix(typ, "numeric"):
		return myDecimal
	case typ == "double precision":
		return myFloat
	case typ == "date" || typ == "timestamp" || typ == "timestamptz":
		return myTime
	case typ == "bytea":
		return myBytes
	}
	return myText
}

func (s *Source) queryMySQL(ctx context.Context, query string, args []any) (*Rows, error) {
	// A prepared statement, even without arguments, so that rows come in the
	// binary protocol: the text protocol prints FLOAT with 6 significant
	// digits (2161.625 reads 2161.62). The server still streams the rows and
	// the driver reads them as Next asks.
	stmt, err := s.my.PrepareContext(ctx, query)
	if err != nil {
		return nil, s.wrap(err, "query")
	}
	rows, err := stmt.QueryContext(ctx, args...)
	if err != nil {
		stmt.Close()
		return nil, s.wrap(err, "query")
	}
	cts, err := rows.ColumnTypes()
	if err != nil {
		rows.Close()
		stmt.Close()
		return nil, s.wrap(err, "query")
	}
	r := &myRows{rows: rows, kinds: make([]mysqlKind, len(cts)), vals: make([]any, len(cts)), ptrs: make([]any, len(cts))}
	cols := make([]models.Column, len(cts))
	for i, ct := range cts {
		typ := mysqlType(ct)
		if ct.DatabaseTypeName() == "BIT" {
			r.kinds[i] = myBit
		} else {
			r.kinds[i] = mysqlKindOf(typ)
		}
		cols[i] = models.Column{Name: ct.Name(), Type: typ}
		r.ptrs[i] = &r.vals[i]
	}
	close := func() error {
		err := rows.Close()
		if e := stmt.Close(); err == nil {
			err = e
		}
		return err
	}
	return &Rows{src: s, cols: cols, rd: r, close: close}, nil
}

// myRows reads rows through database/sql, which pulls them one at a time
// off the driver's cursor: go-sql-driver/mysql reads each row from the
// socket when asked, never the whole result.
type myRows struct {
	rows  *sql.Rows
	kinds []mysqlKind
	vals  []any // scanned values, reused: Scan into *any copies bytes
	ptrs  []any
}

func (r *myRows) next(dst []any) error {
	if !r.rows.Next() {
		if err := r.rows.Err(); err != nil {
			return err
		}
		return io.EOF
	}
	if err := r.rows.Scan(r.ptrs...); err != nil {
		return err
	}
	for i, v := range r.vals {
		n, err := mysqlValue(r.kinds[i], v)
		if err != nil {
			return fmt.Errorf("column %d: %w", i+1, err)
		}
		dst[i] = n
	}
	return nil
}

// mysqlValue normalises a driver value: the binary protocol gives int64
// (uint64 for unsigned BIGINT), float32/64 and time.Time for numbers and
// dates and []byte for the rest; strings are handled too, as the driver's
// text protocol may give them.
func mysqlValue(k mysqlKind, v any) (any, error) {
	switch x := v.(type) {
	case nil:
		return nil, nil
	case int64:
		if k == myUint || k == myDecimal {
			return strconv.FormatInt(x, 10), nil
		}
		return x, nil
	case uint64:
		if k == myInt && x <= 1<<63-1 {
			return int64(x), nil
		}
		return strconv.FormatUint(x, 10), nil
	case float32:
		// Through the shortest decimal form, so FLOAT 1.1 reads 1.1.
		return strconv.ParseFloat(strconv.FormatFloat(float64(x), 'g', -1, 32), 64)
	case float64:
		return x, nil
	case time.Time:
		return x.UTC(), nil
	case []byte:
		return mysqlBytes(k, x)
	case string:
		return mysqlBytes(k, []byte(x))
	}
	return fmt.Sprint(v), nil
}

// mysqlBytes converts a value the driver left as bytes.
func mysqlBytes(k mysqlKind, b []byte) (any, error) {
	switch k {
	case myBytes:
		return b, nil
	case myInt:
		return strconv.ParseInt(string(b), 10, 64)
	case myFloat:
		return strconv.ParseFloat(string(b), 64)
	case myBit:
		// BIT(n) arrives as n/8 big-endian bytes.
		var n int64
		for _, c := range b {
			n = n<<8 | int64(c)
		}
		return n, nil
	case myTime:
		return mysqlTime(string(b))
	}
	return string(b), nil // text, decimals (already in their exact form), TIME
}

// mysqlTime parses a date or datetime the driver did not parse.
func mysqlTime(s string) (time.Time, error) {
	for _, layout := range []string{"2006-01-02 15:04:05.999999", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("cannot read %q as a date or time", s)
}

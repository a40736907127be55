package postgres

import (
	"encoding/hex"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// csvNull is how a NULL is written in a staged part: unquoted, it cannot be
// mistaken for a string, since every string is quoted. It is Redshift's
// default null string; PostgreSQL needs it spelled out (NULL '\N').
const csvNull = `\N`

// appendCSVRow appends one CSV record (comma separated, "\n" terminated) to
// b. dates says which columns are dates.
func appendCSVRow(b []byte, row []any, dates []bool) ([]byte, error) {
	for i, v := range row {
		if i > 0 {
			b = append(b, ',')
		}
		var err error
		if b, err = appendCSVValue(b, v, dates[i]); err != nil {
			return b, fmt.Errorf("column %d: %w", i+1, err)
		}
	}
	return append(b, '\n'), nil
}

// appendCSVValue appends one field. Strings are always quoted (quotes
// doubled), so "" is the empty string and only an unquoted \N is NULL;
// commas, quotes, newlines and a literal "\N" need nothing more. Other values
// are unquoted: integers and floats in Go's shortest round-trip form (NaN and
// ±Infinity as both servers spell them), booleans as true/false, []byte as
// bare hex (Redshift reads VARBYTE from hex in CSV), times in UTC as
// ISO 8601 with microseconds, or YYYY-MM-DD in a date column. Decimals
// arrive as strings and so are quoted, which CSV strips before parsing.
func appendCSVValue(b []byte, v any, date bool) ([]byte, error) {
	switch x := v.(type) {
	case nil:
		return append(b, csvNull...), nil
	case string:
		if strings.IndexByte(x, 0) >= 0 {
			// Redshift ends a record at a NUL and PostgreSQL refuses it in text.
			return b, fmt.Errorf("a string holds a NUL byte, which no text column can store")
		}
		b = append(b, '"')
		for {
			i := strings.IndexByte(x, '"')
			if i < 0 {
				break
			}
			b = append(b, x[:i+1]...)
			b = append(b, '"')
			x = x[i+1:]
		}
		b = append(b, x...)
		return append(b, '"'), nil
	case []byte:
		return hex.AppendEncode(b, x), nil
	case int64:
		return strconv.AppendInt(b, x, 10), nil
	case float64:
		switch {
		case math.IsInf(x, 1):
			return append(b, "Infinity"...), nil
		case math.IsInf(x, -1):
			return append(b, "-Infinity"...), nil
		}
		return strconv.AppendFloat(b, x, 'g', -1, 64), nil // NaN is "NaN"
	case bool:
		return strconv.AppendBool(b, x), nil
	case time.Time:
		if date {
			return x.UTC().AppendFormat(b, "2006-01-02"), nil
		}
		return x.UTC().AppendFormat(b, "2006-01-02T15:04:05.999999Z"), nil
	}
	return appendCSVValue(b, fmt.Sprint(v), date)
}

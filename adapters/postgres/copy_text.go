package postgres

import (
	"encoding/hex"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// appendCopyText appends one value in COPY text format (\N is NULL) to b.
// It appends in place, with no allocation for the common types: on a
// PostgreSQL→PostgreSQL extract profile, formatting each timestamp into a
// new string was the client's largest CPU cost.
func appendCopyText(b []byte, v any, date bool) []byte {
	switch x := v.(type) {
	case nil:
		return append(b, `\N`...)
	case string:
		return appendCopyEscaped(b, x)
	case []byte:
		return hex.AppendEncode(append(b, `\\x`...), x) // bytea hex input, its backslash escaped
	case int64:
		return strconv.AppendInt(b, x, 10)
	case float64:
		switch {
		case math.IsInf(x, 1):
			return append(b, "Infinity"...)
		case math.IsInf(x, -1):
			return append(b, "-Infinity"...)
		}
		return strconv.AppendFloat(b, x, 'g', -1, 64) // NaN reads back as NaN
	case bool:
		return strconv.AppendBool(b, x)
	case time.Time:
		return appendCopyTime(b, x.UTC(), date)
	}
	return appendCopyEscaped(b, fmt.Sprint(v))
}

// appendCopyEscaped appends s with what COPY's text format gives a meaning
// to (backslash, newline, carriage return, tab) escaped.
func appendCopyEscaped(b []byte, s string) []byte {
	if !strings.ContainsAny(s, "\\\n\r\t") {
		return append(b, s...)
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			b = append(b, `\\`...)
		case '\n':
			b = append(b, `\n`...)
		case '\r':
			b = append(b, `\r`...)
		case '\t':
			b = append(b, `\t`...)
		default:
			b = append(b, c)
		}
	}
	return b
}

// appendCopyTime appends t (in UTC) as an ISO date, or as an ISO timestamp
// to the microsecond with a Z offset, which PostgreSQL reads whatever its
// DateStyle. Years before 1 are written the way PostgreSQL writes them: Go's
// year 0 is 1 BC.
func appendCopyTime(b []byte, t time.Time, date bool) []byte {
	y, mo, d := t.Date()
	bc := y <= 0
	if bc {
		y = 1 - y
	}
	b = appendPadded(b, y, 4)
	b = appendPadded(append(b, '-'), int(mo), 2)
	b = appendPadded(append(b, '-'), d, 2)
	if !date {
		h, mi, s := t.Clock()
		b = appendPadded(append(b, ' '), h, 2)
		b = appendPadded(append(b, ':'), mi, 2)
		b = appendPadded(append(b, ':'), s, 2)
		if us := t.Nanosecond() / 1000; us != 0 {
			n := len(b) + 1
			b = appendPadded(append(b, '.'), us, 6)
			for b[len(b)-1] == '0' && len(b) > n {
				b = b[:len(b)-1]
			}
		}
		b = append(b, 'Z')
	}
	if bc {
		b = append(b, " BC"...)
	}
	return b
}

// appendPadded appends the non-negative n in decimal, zero-padded to width.
func appendPadded(b []byte, n, width int) []byte {
	var tmp [20]byte
	i := len(tmp)
	for n >= 10 || width > 1 {
		i--
		tmp[i] = byte('0' + n%10)
		n /= 10
		width--
	}
	i--
	tmp[i] = byte('0' + n)
	return append(b, tmp[i:]...)
}

package sstable

import (
	"encoding/hex"
	"fmt"
	"math"
	"math/big"
	"net/netip"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/quill-etl/quill/adapters/cassandra/cql"
)

// The JSON form of rows follows Cassandra's SELECT JSON conventions, written
// the way the test data's expected.jsonl is: ", " and ": " separators, UTF-8
// kept as is, floats in their shortest round-trip form (Python repr style:
// "3.0", "1e+16"), non-finite floats as the strings "NaN", "Infinity",
// "-Infinity", timestamps as "yyyy-mm-dd hh:mm:ss.mmmZ".

// AppendJSONRow appends one row as a JSON object keyed by column name.
func AppendJSONRow(dst []byte, cols []cql.Column, row Row) []byte {
	dst = append(dst, '{')
	for i, c := range cols {
		if i > 0 {
			dst = append(dst, ", "...)
		}
		dst = appendJSONString(dst, c.Name)
		dst = append(dst, ": "...)
		var v any
		if i < len(row) {
			v = row[i]
		}
		dst = AppendJSONValue(dst, c.Type, v)
	}
	return append(dst, '}')
}

// AppendJSONValue appends the JSON form of a value of type t.
func AppendJSONValue(dst []byte, t cql.Type, v any) []byte {
	switch x := v.(type) {
	case nil:
		return append(dst, "null"...)
	case string:
		return appendJSONString(dst, x)
	case bool:
		return strconv.AppendBool(dst, x)
	case int8, int16, int32, int64:
		return fmt.Append(dst, x)
	case *big.Int:
		return x.Append(dst, 10)
	case Decimal:
		return append(dst, x.String()...)
	case float32:
		return appendFloat(dst, float64(x), 32)
	case float64:
		return appendFloat(dst, x, 64)
	case []byte:
		return appendJSONString(dst, "0x"+hex.EncodeToString(x))
	case []any:
		return appendJSONList(dst, t, x)
	case []MapEntry:
		return appendJSONMap(dst, t, x)
	case []Field:
		return appendJSONUDT(dst, t, x)
	}
	return appendJSONString(dst, textOf(v))
}

// textOf renders the types whose JSON form is a string.
func textOf(v any) string {
	switch x := v.(type) {
	case time.Time:
		return x.UTC().Format("2006-01-02 15:04:05.000Z")
	case time.Duration: // CQL time: nanoseconds since midnight
		ns := int64(x)
		return fmt.Sprintf("%02d:%02d:%02d.%09d", ns/3600e9, ns/60e9%60, ns/1e9%60, ns%1e9)
	case netip.Addr:
		return x.String()
	case fmt.Stringer:
		return x.String()
	}
	return fmt.Sprint(v)
}

func appendJSONList(dst []byte, t cql.Type, xs []any) []byte {
	dst = append(dst, '[')
	for i, x := range xs {
		if i > 0 {
			dst = append(dst, ", "...)
		}
		et := elemType(t, 0)
		if t.Kind == cql.Tuple {
			et = elemType(t, i)
		}
		dst = AppendJSONValue(dst, et, x)
	}
	return append(dst, ']')
}

// appendJSONMap writes a map as an object; a key whose JSON form is not a
// string is written as the JSON string of that form (Cassandra's rule).
func appendJSONMap(dst []byte, t cql.Type, es []MapEntry) []byte {
	dst = append(dst, '{')
	for i, e := range es {
		if i > 0 {
			dst = append(dst, ", "...)
		}
		k := AppendJSONValue(nil, elemType(t, 0), e.Key)
		if len(k) > 0 && k[0] == '"' {
			dst = append(dst, k...)
		} else {
			dst = appendJSONString(dst, string(k))
		}
		dst = append(dst, ": "...)
		dst = AppendJSONValue(dst, elemType(t, 1), e.Value)
	}
	return append(dst, '}')
}

func appendJSONUDT(dst []byte, t cql.Type, fs []Field) []byte {
	dst = append(dst, '{')
	for i, f := range fs {
		if i > 0 {
			dst = append(dst, ", "...)
		}
		dst = appendJSONString(dst, f.Name)
		dst = append(dst, ": "...)
		dst = AppendJSONValue(dst, elemType(t, i), f.Value)
	}
	return append(dst, '}')
}

// appendFloat writes the shortest decimal that reads back as the same
// float32/float64, in Python's repr layout: fixed notation with at least
// one fractional digit for exponents -4 … 15, else d.ddde±XX.
func appendFloat(dst []byte, f float64, bits int) []byte {
	switch {
	case math.IsNaN(f):
		return append(dst, `"NaN"`...)
	case math.IsInf(f, 1):
		return append(dst, `"Infinity"`...)
	case math.IsInf(f, -1):
		return append(dst, `"-Infinity"`...)
	}
	s := strconv.FormatFloat(f, 'e', -1, bits) // e.g. -1.2345e+02
	mant, expText, _ := strings.Cut(s, "e")
	exp, _ := strconv.Atoi(expText)
	neg := strings.HasPrefix(mant, "-")
	digits := strings.Replace(strings.TrimPrefix(mant, "-"), ".", "", 1)
	if neg {
		dst = append(dst, '-')
	}
	if exp < -4 || exp >= 16 {
		dst = append(dst, digits[0])
		if len(digits) > 1 {
			dst = append(dst, '.')
			dst = append(dst, digits[1:]...)
		}
		sign := byte('+')
		if exp < 0 {
			sign, exp = '-', -exp
		}
		return fmt.Appendf(append(dst, 'e', sign), "%02d", exp)
	}
	if exp < 0 {
		dst = append(dst, "0."...)
		dst = append(dst, strings.Repeat("0", -exp-1)...)
		return append(dst, digits...)
	}
	if len(digits) <= exp+1 {
		dst = append(dst, digits...)
		dst = append(dst, strings.Repeat("0", exp+1-len(digits))...)
		return append(dst, ".0"...)
	}
	dst = append(dst, digits[:exp+1]...)
	dst = append(dst, '.')
	return append(dst, digits[exp+1:]...)
}

// appendJSONString quotes s as Python's json.dumps(ensure_ascii=False)
// does: only '"', '\\' and control characters are escaped.
func appendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			if c < utf8.RuneSelf {
				dst = append(dst, c)
				i++
				continue
			}
			r, n := utf8.DecodeRuneInString(s[i:])
			dst = utf8.AppendRune(dst, r) // invalid UTF-8 becomes U+FFFD
			i += n
			continue
		}
		switch c {
		case '"':
			dst = append(dst, `\"`...)
		case '\\':
			dst = append(dst, `\\`...)
		case '\n':
			dst = append(dst, `\n`...)
		case '\r':
			dst = append(dst, `\r`...)
		case '\t':
			dst = append(dst, `\t`...)
		case '\b':
			dst = append(dst, `\b`...)
		case '\f':
			dst = append(dst, `\f`...)
		default:
			dst = fmt.Appendf(dst, `\u%04x`, c)
		}
		i++
	}
	return append(dst, '"')
}

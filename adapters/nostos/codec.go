package nostos

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"
	"unicode/utf8"
)

// Values are stored already rendered as JSON, one JSON value per field, so
// that serving a key is a copy of bytes with no decoding: a record is, for
// each field of the version's schema in order, a uvarint length and the
// field's JSON; a list (collect = "list") is a uvarint count and, for each
// record, a uvarint length and the record. Field names live once in the
// version's schema, not in every record (10M keys of 3 fields: 53 bytes
// per key in the store, BenchmarkExport). A field selection is a walk over
// length prefixes, with no JSON parsing (BenchmarkGet).

var errCorrupt = errors.New("corrupt record")

// AppendValue appends the JSON form of a warehouse value: nil, bool, int64,
// float64, string, []byte (base64), time.Time (RFC 3339 with nanoseconds),
// and anything else through encoding/json, or its fmt text when that fails.
// NaN and infinities, which JSON lacks, become the strings "NaN", "+Inf" and
// "-Inf".
func AppendValue(dst []byte, v any) []byte {
	switch x := v.(type) {
	case nil:
		return append(dst, "null"...)
	case bool:
		return strconv.AppendBool(dst, x)
	case int64:
		return strconv.AppendInt(dst, x, 10)
	case int:
		return strconv.AppendInt(dst, int64(x), 10)
	case int32:
		return strconv.AppendInt(dst, int64(x), 10)
	case float64:
		switch {
		case math.IsNaN(x):
			return append(dst, `"NaN"`...)
		case math.IsInf(x, 1):
			return append(dst, `"+Inf"`...)
		case math.IsInf(x, -1):
			return append(dst, `"-Inf"`...)
		}
		return strconv.AppendFloat(dst, x, 'g', -1, 64)
	case float32:
		return AppendValue(dst, float64(x))
	case string:
		return appendString(dst, x)
	case []byte:
		dst = append(dst, '"')
		dst = base64.StdEncoding.AppendEncode(dst, x)
		return append(dst, '"')
	case time.Time:
		dst = append(dst, '"')
		dst = x.AppendFormat(dst, time.RFC3339Nano)
		return append(dst, '"')
	}
	if b, err := json.Marshal(v); err == nil {
		return append(dst, b...)
	}
	return appendString(dst, fmt.Sprint(v))
}

// appendString appends s as a JSON string; invalid UTF-8 becomes U+FFFD, as
// encoding/json does. HTML characters are left alone: the API serves JSON,
// never HTML.
func appendString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// KeyPart renders one key column's value as key text: strings and bytes as
// they are, numbers in their shortest decimal form, booleans as true/false,
// times in RFC 3339 with nanoseconds. A NULL key part is an error: no
// reader could ask for it.
func KeyPart(v any) (string, error) {
	switch x := v.(type) {
	case nil:
		return "", errors.New("NULL in a key column")
	case string:
		return x, nil
	case []byte:
		return string(x), nil
	case int64:
		return strconv.FormatInt(x, 10), nil
	case int:
		return strconv.Itoa(x), nil
	case int32:
		return strconv.FormatInt(int64(x), 10), nil
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64), nil
	case bool:
		return strconv.FormatBool(x), nil
	case time.Time:
		return x.Format(time.RFC3339Nano), nil
	}
	return fmt.Sprint(v), nil
}

// EncodeRecord appends a record of JSON field values (in schema order).
func EncodeRecord(dst []byte, fields [][]byte) []byte {
	for _, f := range fields {
		dst = binary.AppendUvarint(dst, uint64(len(f)))
		dst = append(dst, f...)
	}
	return dst
}

// EncodeList appends a list of encoded records.
func EncodeList(dst []byte, recs [][]byte) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(recs)))
	for _, r := range recs {
		dst = binary.AppendUvarint(dst, uint64(len(r)))
		dst = append(dst, r...)
	}
	return dst
}

// next cuts one length-prefixed chunk off b.
func next(b []byte) (chunk, rest []byte, err error) {
	n, w := binary.Uvarint(b)
	if w <= 0 || n > uint64(len(b)-w) {
		return nil, nil, errCorrupt
	}
	return b[w : w+int(n)], b[w+int(n):], nil
}

// DecodeRecord splits a record of n fields into their JSON values, which
// alias rec.
func DecodeRecord(rec []byte, n int) ([][]byte, error) {
	out := make([][]byte, n)
	var err error
	for i := range out {
		if out[i], rec, err = next(rec); err != nil {
			return nil, err
		}
	}
	if len(rec) != 0 {
		return nil, errCorrupt
	}
	return out, nil
}

// DecodeList splits a list into its encoded records, which alias list.
func DecodeList(list []byte) ([][]byte, error) {
	n, w := binary.Uvarint(list)
	if w <= 0 || n > uint64(len(list)) {
		return nil, errCorrupt
	}
	list = list[w:]
	out := make([][]byte, 0, n)
	for range n {
		r, rest, err := next(list)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
		list = rest
	}
	if len(list) != 0 {
		return nil, errCorrupt
	}
	return out, nil
}

// projection renders stored values as JSON for one schema and one field
// selection; building it once per request keeps name quoting out of the
// per-record loop.
type projection struct {
	n     int      // fields in a record
	sel   []int    // indexes of the selected fields, in output order
	names [][]byte // `"name":` per selected field
}

// newProjection selects fields (nil: all, in schema order) of a schema;
// unknown and repeated names are errors wrapping ErrNoField.
func newProjection(s Schema, fields []string) (*projection, error) {
	p := &projection{n: len(s.Fields)}
	if fields == nil {
		fields = s.Fields
	}
	for _, f := range fields {
		i := -1
		for j, g := range s.Fields {
			if g == f {
				i = j
				break
			}
		}
		if i < 0 {
			return nil, fmt.Errorf("%w %q (fields: %s)", ErrNoField, f, bytes.Join(quoteAll(s.Fields), []byte(", ")))
		}
		for _, k := range p.sel {
			if k == i {
				return nil, fmt.Errorf("%w: %q asked twice", ErrNoField, f)
			}
		}
		p.sel = append(p.sel, i)
		p.names = append(p.names, append(appendString(nil, f), ':'))
	}
	return p, nil
}

func quoteAll(ss []string) [][]byte {
	out := make([][]byte, len(ss))
	for i, s := range ss {
		out[i] = appendString(nil, s)
	}
	return out
}

// appendRecord appends one record as a JSON object of the selected fields.
func (p *projection) appendRecord(dst, rec []byte) ([]byte, error) {
	var stack [32][]byte
	vals := stack[:0]
	for range p.n {
		v, rest, err := next(rec)
		if err != nil {
			return nil, err
		}
		vals = append(vals, v)
		rec = rest
	}
	dst = append(dst, '{')
	for i, k := range p.sel {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, p.names[i]...)
		dst = append(dst, vals[k]...)
	}
	return append(dst, '}'), nil
}

// appendValue appends a stored value: an object, or for lists an array of
// objects.
func (p *projection) appendValue(dst, v []byte, list bool) ([]byte, error) {
	if !list {
		return p.appendRecord(dst, v)
	}
	recs, err := DecodeList(v)
	if err != nil {
		return nil, err
	}
	dst = append(dst, '[')
	for i, r := range recs {
		if i > 0 {
			dst = append(dst, ',')
		}
		if dst, err = p.appendRecord(dst, r); err != nil {
			return nil, err
		}
	}
	return append(dst, ']'), nil
}

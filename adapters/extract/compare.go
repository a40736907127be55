package extract

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"reflect"
	"strings"
	"time"
)

// equalValues reports whether a source value and a warehouse value agree.
// typ is the column's warehouse type, as the source query gave it.
func equalValues(src, wh any, typ string, tol float64) bool {
	if src == nil || wh == nil {
		return src == nil && wh == nil
	}
	if isNumber(src) || isNumber(wh) || strings.HasPrefix(typ, "numeric") {
		if a, ok := toRat(src); ok {
			if b, ok := toRat(wh); ok {
				return equalNumbers(a, b, tol)
			}
		}
		if a, ok := src.(float64); ok {
			if b, ok := wh.(float64); ok {
				return a == b || (math.IsNaN(a) && math.IsNaN(b))
			}
		}
	}
	switch a := src.(type) {
	case time.Time:
		b, ok := wh.(time.Time)
		return ok && a.Equal(b)
	case []byte:
		switch b := wh.(type) {
		case []byte:
			return bytes.Equal(a, b)
		case string:
			return string(a) == b
		}
		return false
	case string:
		if typ == "json" {
			return equalJSON(a, wh)
		}
	}
	return reflect.DeepEqual(src, wh) || fmt.Sprint(src) == fmt.Sprint(wh)
}

func isNumber(v any) bool {
	switch v.(type) {
	case int64, float64:
		return true
	}
	return false
}

// toRat reads a number exactly: int64, finite float64, or a decimal string.
func toRat(v any) (*big.Rat, bool) {
	switch x := v.(type) {
	case int64:
		return new(big.Rat).SetInt64(x), true
	case float64:
		if math.IsInf(x, 0) || math.IsNaN(x) {
			return nil, false
		}
		return new(big.Rat).SetFloat64(x), true
	case string:
		return new(big.Rat).SetString(strings.TrimSpace(x))
	}
	return nil, false
}

// equalNumbers applies SampleDiff's tolerance: |a-b| <= tol * max(1, |a|, |b|).
func equalNumbers(a, b *big.Rat, tol float64) bool {
	if a.Cmp(b) == 0 {
		return true
	}
	if tol == 0 {
		return false
	}
	diff, _ := new(big.Rat).Sub(a, b).Float64()
	fa, _ := a.Float64()
	fb, _ := b.Float64()
	return math.Abs(diff) <= tol*max(1, math.Abs(fa), math.Abs(fb))
}

// equalJSON compares JSON texts as values: PostgreSQL's jsonb reorders keys
// and drops whitespace, the warehouse may keep the text as written.
func equalJSON(a string, wh any) bool {
	b, ok := wh.(string)
	if !ok {
		return false
	}
	if a == b {
		return true
	}
	va, errA := decodeJSON(a)
	vb, errB := decodeJSON(b)
	return errA == nil && errB == nil && reflect.DeepEqual(va, vb)
}

func decodeJSON(s string) (any, error) {
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	return normNumbers(v), nil
}

// normNumbers rewrites JSON numbers in a canonical form, so 1.0 and 1 agree
// as they do in jsonb.
func normNumbers(v any) any {
	switch x := v.(type) {
	case json.Number:
		if r, ok := new(big.Rat).SetString(string(x)); ok {
			return r.RatString()
		}
		return string(x)
	case []any:
		for i := range x {
			x[i] = normNumbers(x[i])
		}
	case map[string]any:
		for k := range x {
			x[k] = normNumbers(x[k])
		}
	}
	return v
}

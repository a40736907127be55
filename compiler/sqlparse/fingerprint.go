package sqlparse

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// Fingerprint identifies the query's meaning up to layout: it ignores
// whitespace, comments, a trailing ';', and the case of keywords and of
// unquoted identifiers (which PostgreSQL folds), and keeps everything else,
// constants included. pg_query's own fingerprint is not used because it
// ignores constants and output aliases, and `WHERE day = 1` versus
// `WHERE day = 2`, or `AS total` versus `AS sum`, change what a model
// builds. The text is normalised by a small lexer in Go: pg_query.Scan
// would do the same in 50 µs per model, this in a few.
func (q *Query) Fingerprint() string {
	sum := sha256.Sum256([]byte(normalizeText(q.sql)))
	return hex.EncodeToString(sum[:16])
}

// normalizeText drops comments and whitespace (keeping one space where it
// separates two words or two operator characters), folds A-Z outside
// quotes, and keeps string literals, quoted identifiers and dollar-quoted
// strings byte for byte.
func normalizeText(sql string) string {
	var b strings.Builder
	b.Grow(len(sql))
	gap := false
	for i := 0; i < len(sql); {
		j := skipSpace(sql, i)
		if j > i {
			gap, i = true, j
			continue
		}
		end := tokenEnd(sql, i)
		if gap && b.Len() > 0 && joinable(b.String()[b.Len()-1], sql[i]) {
			b.WriteByte(' ')
		}
		gap = false
		switch c := sql[i]; {
		case c == '\'' || c == '"' || c == '$':
			b.WriteString(sql[i:end])
		case end-i > 1 && sql[end-1] == '\'':
			b.WriteByte('e') // E'…'
			b.WriteString(sql[i+1 : end])
		default:
			b.WriteString(asciiLower(sql[i:end]))
		}
		i = end
	}
	return strings.TrimRight(b.String(), "; ")
}

// tokenEnd returns the end of the token at i: a quoted string (with its
// E/B/X/U& prefix), a quoted identifier, a dollar-quoted string, a word, or
// a single other byte.
func tokenEnd(sql string, i int) int {
	c := sql[i]
	switch {
	case c == '\'':
		return scanString(sql, i, false)
	case c == '"':
		return scanQuoted(sql, i)
	case c == '$':
		return scanDollar(sql, i)
	case (c == 'e' || c == 'E') && hasPrefixAt(sql, i+1, "'"):
		return scanString(sql, i+1, true)
	case isIdentByte(c):
		j := i
		for j < len(sql) && isIdentByte(sql[j]) {
			j++
		}
		return j
	}
	return i + 1
}

// scanString returns the end of the '…' literal at i; backslash escapes
// count only in E'…' strings.
func scanString(sql string, i int, escapes bool) int {
	for j := i + 1; j < len(sql); j++ {
		switch {
		case escapes && sql[j] == '\\':
			j++
		case sql[j] == '\'' && hasPrefixAt(sql, j+1, "'"):
			j++
		case sql[j] == '\'':
			return j + 1
		}
	}
	return len(sql)
}

// scanDollar returns the end of $tag$…$tag$ at i, or i+1 for `$1` and a
// lone `$`.
func scanDollar(sql string, i int) int {
	j := i + 1
	for j < len(sql) && sql[j] != '$' && isIdentByte(sql[j]) && !(j == i+1 && sql[j] >= '0' && sql[j] <= '9') {
		j++
	}
	if j >= len(sql) || sql[j] != '$' {
		return i + 1
	}
	tag := sql[i : j+1]
	if k := strings.Index(sql[j+1:], tag); k >= 0 {
		return j + 1 + k + len(tag)
	}
	return len(sql)
}

// joinable reports whether removing the space between a and b could merge
// two tokens into one.
func joinable(a, b byte) bool {
	return isIdentByte(a) && isIdentByte(b) || isOpByte(a) && isOpByte(b)
}

func isOpByte(c byte) bool { return strings.IndexByte("+-*/<>=~!@#%^&|`?", c) >= 0 }

// asciiLower folds A-Z only, as PostgreSQL does for identifiers in UTF-8.
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= 'A' && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if b[j] >= 'A' && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

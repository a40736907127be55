package sqlparse

// A few lexical helpers. pg_query gives the start of every name but not its
// end, and statement starts that include leading comments; these fill the
// gaps without a second call into C.

// skipSpace returns the offset of the first byte at or after i that is not
// whitespace or part of a comment.
func skipSpace(sql string, i int) int {
	if i < 0 {
		i = 0
	}
	for i < len(sql) {
		switch {
		case sql[i] == ' ' || sql[i] == '\t' || sql[i] == '\n' || sql[i] == '\r' || sql[i] == '\f' || sql[i] == '\v':
			i++
		case hasPrefixAt(sql, i, "--"):
			for i < len(sql) && sql[i] != '\n' {
				i++
			}
		case hasPrefixAt(sql, i, "/*"):
			i = skipBlockComment(sql, i)
		default:
			return i
		}
	}
	return len(sql)
}

// skipBlockComment skips a /* */ comment starting at i; PostgreSQL nests them.
func skipBlockComment(sql string, i int) int {
	depth := 0
	for i < len(sql) {
		switch {
		case hasPrefixAt(sql, i, "/*"):
			depth++
			i += 2
		case hasPrefixAt(sql, i, "*/"):
			depth--
			i += 2
			if depth == 0 {
				return i
			}
		default:
			i++
		}
	}
	return len(sql)
}

func hasPrefixAt(s string, i int, p string) bool {
	return i >= 0 && i+len(p) <= len(s) && s[i:i+len(p)] == p
}

// isIdentByte reports whether b can continue an unquoted identifier. Bytes of
// multi-byte UTF-8 characters count as letters, as in PostgreSQL's scanner.
func isIdentByte(b byte) bool {
	return b == '_' || b == '$' || b >= 0x80 ||
		(b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
}

// scanIdent returns the end of the identifier (quoted, U&"quoted" or bare)
// that starts at i, or i when there is none.
func scanIdent(sql string, i int) int {
	if i < 0 || i >= len(sql) {
		return i
	}
	if (sql[i] == 'U' || sql[i] == 'u') && hasPrefixAt(sql, i+1, "&\"") {
		return scanQuoted(sql, i+2)
	}
	if sql[i] == '"' {
		return scanQuoted(sql, i)
	}
	j := i
	for j < len(sql) && isIdentByte(sql[j]) {
		j++
	}
	return j
}

// scanQuoted returns the end of the "quoted" identifier at i ("" escapes ").
func scanQuoted(sql string, i int) int {
	j := i + 1
	for j < len(sql) {
		if sql[j] == '"' {
			if j+1 < len(sql) && sql[j+1] == '"' {
				j += 2
				continue
			}
			return j + 1
		}
		j++
	}
	return len(sql)
}

// nameLen returns the length of the dotted name of parts parts written at
// off, e.g. 13 for `raw."Events"` with parts = 2.
func nameLen(sql string, off, parts int) int {
	if off < 0 || off >= len(sql) {
		return 0
	}
	end, i := off, off
	for p := 0; p < parts; p++ {
		if p > 0 {
			i = skipSpace(sql, i)
			if i >= len(sql) || sql[i] != '.' {
				break
			}
			i = skipSpace(sql, i+1)
		}
		j := scanIdent(sql, i)
		if j == i {
			break
		}
		end, i = j, j
	}
	return end - off
}

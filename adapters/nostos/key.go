package nostos

import (
	"fmt"
	"strings"
)

// Keys are text. A one-column key is its value's text (KeyPart) as is. A
// composite key joins its parts' texts with "," after escaping "\" as "\\"
// and "," as "\," in each part, so that
//
//	key = ["fr", "a,b"]  →  fr,a\,b
//
// and in a URL path segment (percent-encoded) /keys/fr,a%5C%2Cb. The text
// form is what the store indexes, so a reader's key is compared byte for
// byte after ParseKey has checked and re-joined it.

// KeyString joins key parts into the text form of a key with len(parts)
// columns.
func KeyString(parts []string) string {
	if len(parts) == 1 {
		return parts[0]
	}
	var b strings.Builder
	for i, p := range parts {
		if i > 0 {
			b.WriteByte(',')
		}
		for j := 0; j < len(p); j++ {
			if c := p[j]; c == ',' || c == '\\' {
				b.WriteByte('\\')
			}
			b.WriteByte(p[j])
		}
	}
	return b.String()
}

// ParseKey splits the text form of a key with n columns into its parts. It
// fails on a wrong number of parts, a dangling "\" or an escape of anything
// but "\" and ",".
func ParseKey(s string, n int) ([]string, error) {
	if n == 1 {
		return []string{s}, nil
	}
	var parts []string
	var cur strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			if i+1 == len(s) || (s[i+1] != '\\' && s[i+1] != ',') {
				return nil, fmt.Errorf(`key %q: "\" must be followed by "\" or "," at byte %d`, s, i)
			}
			i++
			cur.WriteByte(s[i])
		case ',':
			parts = append(parts, cur.String())
			cur.Reset()
		default:
			cur.WriteByte(c)
		}
	}
	parts = append(parts, cur.String())
	if len(parts) != n {
		return nil, fmt.Errorf("key %q has %d parts; the dataset's key has %d columns joined by \",\"", s, len(parts), n)
	}
	return parts, nil
}

// CanonicalKey checks the text form of a key with n columns and returns it
// re-joined, so that equivalent spellings find the same entry.
func CanonicalKey(s string, n int) (string, error) {
	parts, err := ParseKey(s, n)
	if err != nil {
		return "", err
	}
	return KeyString(parts), nil
}

// ValidName reports whether name can be a dataset name: an identifier of
// letters, digits and "_" (sink names are identifiers), at most 128 bytes.
// It also keeps names safe as directory names.
func ValidName(name string) bool {
	if name == "" || len(name) > 128 {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		letter := c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
		if !letter && (i == 0 || c < '0' || c > '9') {
			return false
		}
	}
	return true
}

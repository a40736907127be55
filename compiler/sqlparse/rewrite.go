package sqlparse

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"

	pg_query "github.com/pganalyze/pg_query_go/v5"
	"google.golang.org/protobuf/proto"
)

// Rewrite returns the query deparsed with every relation reference that
// Relations reports renamed by fn, which gets the case-folded schema and name
// and returns the new ones (schema "" leaves the name unqualified). CTE
// references and SUPER navigation are left alone. The result is normalised
// SQL (comments dropped, keywords upper case, quoting where needed).
//
// Rewrite works on a copy of the tree, so q is unchanged and may be used
// concurrently.
func (q *Query) Rewrite(fn func(schema, name string) (string, string)) (string, error) {
	tree, ok := proto.Clone(q.tree).(*pg_query.ParseResult)
	if !ok {
		return "", &SyntaxError{Msg: "internal error: cannot copy the parse tree"}
	}
	w := relWalker{sql: q.sql, rename: fn}
	w.selectStmt(tree.GetStmts()[0].GetStmt().GetSelectStmt())
	return pg_query.Deparse(tree)
}

// Deparse returns the query as normalised SQL, unchanged otherwise.
func (q *Query) Deparse() (string, error) {
	return pg_query.Deparse(q.tree)
}

// Fingerprint identifies the query's meaning up to layout: it ignores
// whitespace, comments, a trailing ';', and the case of keywords and of
// unquoted identifiers (which PostgreSQL folds), and keeps everything else,
// constants included. pg_query's own fingerprint is not used because it
// ignores constants and output aliases, and `WHERE day = 1` versus
// `WHERE day = 2`, or `AS total` versus `AS sum`, change what a model
// builds. Hashing the lexer's tokens costs one scan (no deparse).
func (q *Query) Fingerprint() string {
	res, err := pg_query.Scan(q.sql)
	if err != nil {
		// Scan accepts anything Parse accepted; hash the raw text if not.
		sum := sha256.Sum256([]byte(q.sql))
		return hex.EncodeToString(sum[:16])
	}
	h := sha256.New()
	var n [4]byte
	for _, t := range res.GetTokens() {
		if t.Token == pg_query.Token_SQL_COMMENT || t.Token == pg_query.Token_C_COMMENT || t.Token == pg_query.Token_ASCII_59 {
			continue
		}
		s, e := int(t.Start), int(t.End)
		if s < 0 || e > len(q.sql) || s > e {
			continue
		}
		text := q.sql[s:e]
		if t.KeywordKind != pg_query.KeywordKind_NO_KEYWORD || (t.Token == pg_query.Token_IDENT && len(text) > 0 && text[0] != '"') {
			text = asciiLower(text)
		}
		binary.LittleEndian.PutUint32(n[:], uint32(len(text)))
		h.Write(n[:])
		h.Write([]byte(text))
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

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

package sqlparse

import (
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

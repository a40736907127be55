package sqlparse

import (
	"errors"
	"fmt"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"
	"github.com/pganalyze/pg_query_go/v5/parser"
)

// SyntaxError is a problem that stops a model from being parsed: invalid SQL,
// or valid SQL that is not a single read-only query.
type SyntaxError struct {
	Offset int    // 0-based byte offset into the SQL given to Parse
	Msg    string // PostgreSQL's message, or quill's for a rejected statement
}

// Error returns the message alone: callers render the position themselves,
// in the file the user wrote.
func (e *SyntaxError) Error() string { return e.Msg }

// Query is one parsed model. It is immutable after Parse and safe for
// concurrent use.
type Query struct {
	sql  string
	tree *pg_query.ParseResult
	sel  *pg_query.SelectStmt
	rels []RelRef
}

// Parse parses one model: a single SELECT, WITH … SELECT, VALUES or set
// operation, with optional comments and a trailing ';'. Any other statement
// (DDL, DML, SELECT INTO, a data-modifying CTE) or a second statement is a
// *SyntaxError at the offending statement.
func Parse(sql string) (*Query, error) {
	tree, err := pg_query.Parse(sql)
	if err != nil {
		return nil, syntaxError(sql, err)
	}
	sel, err := singleSelect(sql, tree)
	if err != nil {
		return nil, err
	}
	w := relWalker{sql: sql}
	w.selectStmt(sel)
	if w.err != nil {
		return nil, w.err
	}
	return &Query{sql: sql, tree: tree, sel: sel, rels: w.sortedRefs()}, nil
}

// SQL returns the text the query was parsed from.
func (q *Query) SQL() string { return q.sql }

// singleSelect returns the only statement of tree when it is a SELECT.
func singleSelect(sql string, tree *pg_query.ParseResult) (*pg_query.SelectStmt, error) {
	stmts := tree.GetStmts()
	if len(stmts) == 0 || stmts[0].GetStmt() == nil {
		return nil, &SyntaxError{Offset: skipSpace(sql, 0), Msg: "empty model: expected a SELECT statement"}
	}
	if len(stmts) > 1 {
		off := skipSpace(sql, int(stmts[1].GetStmtLocation()))
		return nil, &SyntaxError{Offset: off, Msg: "a model must be a single SELECT statement, but a second statement starts here"}
	}
	off := skipSpace(sql, int(stmts[0].GetStmtLocation()))
	sel := stmts[0].GetStmt().GetSelectStmt()
	if sel == nil {
		return nil, &SyntaxError{Offset: off, Msg: fmt.Sprintf("a model must be a SELECT statement, not %s", stmtKind(sql, off, stmts[0].GetStmt()))}
	}
	if into := sel.GetIntoClause(); into != nil {
		return nil, &SyntaxError{Offset: int(into.GetRel().GetLocation()), Msg: "SELECT INTO creates a table; a model must be a plain SELECT (quill creates the relation)"}
	}
	return sel, nil
}

// stmtKind names a rejected statement for the error message.
func stmtKind(sql string, off int, n *pg_query.Node) string {
	switch n.GetNode().(type) {
	case *pg_query.Node_InsertStmt:
		return "INSERT"
	case *pg_query.Node_UpdateStmt:
		return "UPDATE"
	case *pg_query.Node_DeleteStmt:
		return "DELETE"
	case *pg_query.Node_MergeStmt:
		return "MERGE"
	case *pg_query.Node_CreateTableAsStmt:
		return "CREATE TABLE AS"
	}
	end := off
	for end < len(sql) && isIdentByte(sql[end]) {
		end++
	}
	if end == off {
		return "this statement"
	}
	return strings.ToUpper(sql[off:end])
}

// syntaxError converts pg_query's error, whose Cursorpos counts characters
// from 1, into a byte offset counted from 0.
func syntaxError(sql string, err error) *SyntaxError {
	var pe *parser.Error
	if errors.As(err, &pe) {
		return &SyntaxError{Offset: charToByte(sql, pe.Cursorpos), Msg: pe.Message}
	}
	return &SyntaxError{Offset: 0, Msg: err.Error()}
}

// charToByte maps a 1-based character position to a 0-based byte offset,
// clamped to [0, len(sql)]; 0 (no position) maps to 0.
func charToByte(sql string, pos int) int {
	if pos <= 1 {
		return 0
	}
	n := pos - 1
	for i := range sql {
		if n == 0 {
			return i
		}
		n--
	}
	return len(sql)
}

package duckdb

import (
	"context"
	"fmt"
	"strings"

	"github.com/quill-etl/quill/adapters"
)

// Relations lists the tables and views of the given schemas in the open
// database (not in attached ones, nor temporary ones), sorted by name.
func (w *Warehouse) Relations(ctx context.Context, schemas []string) ([]adapters.RelationInfo, error) {
	if len(schemas) == 0 {
		return nil, nil
	}
	marks := make([]string, len(schemas))
	args := make([]any, len(schemas))
	for i, s := range schemas {
		marks[i] = fmt.Sprintf("$%d", i+1)
		args[i] = s
	}
	res, err := w.Query(ctx, `SELECT table_schema, table_name, table_type FROM information_schema.tables
		WHERE table_catalog = current_database() AND table_schema IN (`+strings.Join(marks, ", ")+`)
		ORDER BY table_schema, table_name`, args...)
	if err != nil {
		return nil, fmt.Errorf("duckdb: listing relations: %w", err)
	}
	out := make([]adapters.RelationInfo, 0, len(res.Rows))
	for _, r := range res.Rows {
		kind := "table"
		if r[2] == "VIEW" {
			kind = "view"
		}
		out = append(out, adapters.RelationInfo{
			Rel:  adapters.RelName{Schema: r[0].(string), Name: r[1].(string)},
			Kind: kind,
		})
	}
	return out, nil
}

// kindOf returns "table", "view" or "" (absent) for rel, as seen by q.
func kindOf(ctx context.Context, q execer, rel adapters.RelName) (string, error) {
	res, err := queryAll(ctx, q, `SELECT table_type FROM information_schema.tables
		WHERE table_catalog = current_database() AND table_schema = $1 AND table_name = $2`, rel.Schema, rel.Name)
	if err != nil {
		return "", fmt.Errorf("duckdb: looking up %s: %w", rel, err)
	}
	if len(res.Rows) == 0 {
		return "", nil
	}
	if res.Rows[0][0] == "VIEW" {
		return "view", nil
	}
	return "table", nil
}

// EnsureSchema creates schema when it does not exist.
func (w *Warehouse) EnsureSchema(ctx context.Context, schema string) error {
	if err := w.Exec(ctx, `CREATE SCHEMA IF NOT EXISTS `+adapters.QuoteIdent(schema)); err != nil {
		return fmt.Errorf("duckdb: creating schema %s: %w", schema, err)
	}
	return nil
}

// Drop drops rel, a table or a view, if it exists. Views reading it are
// left in place (DuckDB binds them by name) and fail until rel is back.
func (w *Warehouse) Drop(ctx context.Context, rel adapters.RelName) error {
	return w.inTx(ctx, func(tx execer) error {
		return dropIfExists(ctx, tx, rel)
	})
}

func dropIfExists(ctx context.Context, q execer, rel adapters.RelName) error {
	kind, err := kindOf(ctx, q, rel)
	if err != nil || kind == "" {
		return err
	}
	if _, err := q.ExecContext(ctx, `DROP `+strings.ToUpper(kind)+` `+rel.Quoted()); err != nil {
		return fmt.Errorf("duckdb: dropping %s: %w", rel, err)
	}
	return nil
}

// CleanupTemps drops every relation whose name starts with
// adapters.TempPrefix in the given schemas, left behind by a crashed run.
func (w *Warehouse) CleanupTemps(ctx context.Context, schemas []string) ([]adapters.RelName, error) {
	return adapters.DropTemps(ctx, w, schemas)
}

package duckdb

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	duck "github.com/duckdb/duckdb-go/v2"

	"github.com/quill-etl/quill/adapters"
	"github.com/quill-etl/quill/models"
)

// appendable reports whether the appender fills a column of this base type
// straight from the Go values a RowSource yields. Other types (numeric,
// uuid, json, …) arrive as strings: they are loaded as VARCHAR and cast in
// place afterwards.
func appendable(base string) bool {
	switch base {
	case "bigint", "int8", "long", "integer", "int", "int4", "smallint", "int2", "tinyint", "int1", "hugeint",
		"double", "double precision", "float8", "float", "real", "float4",
		"boolean", "bool", "date", "timestamp", "datetime",
		"timestamptz", "timestamp with time zone", "timestamp without time zone",
		"blob", "bytea":
		return true
	}
	return textual(base)
}

// textual reports the types that take any scalar rendered as text.
func textual(base string) bool {
	switch base {
	case "text", "varchar", "string", "character varying":
		return true
	}
	return false
}

// typePattern is what a column type may look like; a type is spliced into
// DDL (it cannot be bound), so anything else is refused.
var typePattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_ ]*(\([0-9, ]*\))?(\[\])?$`)

// loadCol is one column of a bulk load: its declared type, and whether the
// appender writes it as VARCHAR to be cast afterwards.
type loadCol struct {
	name, typ string
	viaText   bool
}

func planColumns(cols []models.Column) ([]loadCol, error) {
	out := make([]loadCol, len(cols))
	for i, c := range cols {
		typ := strings.TrimSpace(c.Type)
		if typ == "" {
			typ = "text"
		}
		if !typePattern.MatchString(typ) {
			return nil, fmt.Errorf("column %s: unsupported type %q", c.Name, c.Type)
		}
		base := strings.ToLower(typ)
		if i := strings.IndexByte(base, '('); i >= 0 {
			base = strings.TrimSpace(base[:i])
		}
		out[i] = loadCol{name: c.Name, typ: typ, viaText: !appendable(base) || textual(base)}
	}
	return out, nil
}

// LoadTemp creates a temporary table with cols and fills it through the
// DuckDB appender. On failure the temporary table is dropped.
func (w *Warehouse) LoadTemp(ctx context.Context, rel adapters.RelName, cols []models.Column, rows adapters.RowSource) (adapters.Temp, error) {
	t := adapters.Temp{Rel: rel, Tmp: adapters.RelName{Schema: rel.Schema, Name: adapters.TempName(rel.Name)}}
	lc, err := planColumns(cols)
	if err != nil {
		return t, fmt.Errorf("duckdb: loading %s: %w", rel, err)
	}
	if err := w.Exec(ctx, createSQL(t.Tmp, lc)); err != nil {
		return t, fmt.Errorf("duckdb: loading %s: %w", rel, err)
	}
	n, err := w.appendRows(ctx, t.Tmp, lc, rows)
	if err == nil {
		err = w.castColumns(ctx, t.Tmp, lc)
	}
	if err != nil {
		_ = w.DropTemp(context.WithoutCancel(ctx), t)
		return t, fmt.Errorf("duckdb: loading %s: %w", rel, err)
	}
	t.Rows = n
	return t, nil
}

func createSQL(rel adapters.RelName, cols []loadCol) string {
	defs := make([]string, len(cols))
	for i, c := range cols {
		typ := c.typ
		if c.viaText {
			typ = "VARCHAR"
		}
		defs[i] = adapters.QuoteIdent(c.name) + " " + typ
	}
	return `CREATE TABLE ` + rel.Quoted() + ` (` + strings.Join(defs, ", ") + `)`
}

// appendRows streams rows into rel on one dedicated connection.
func (w *Warehouse) appendRows(ctx context.Context, rel adapters.RelName, cols []loadCol, rows adapters.RowSource) (int64, error) {
	conn, err := w.db.Conn(ctx)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	var n int64
	err = conn.Raw(func(dc any) error {
		a, err := duck.NewAppender(dc.(driver.Conn), "", rel.Schema, rel.Name)
		if err != nil {
			return err
		}
		n, err = appendAll(ctx, a, cols, rows)
		if err != nil {
			_ = a.Close() // the table is dropped anyway
			return err
		}
		return a.CloseWithCancel(ctx)
	})
	return n, err
}

func appendAll(ctx context.Context, a *duck.Appender, cols []loadCol, rows adapters.RowSource) (int64, error) {
	var n int64
	vals := make([]driver.Value, len(cols))
	for {
		row, err := rows.Next()
		if errors.Is(err, io.EOF) {
			return n, nil
		}
		if err != nil {
			return n, err
		}
		if len(row) != len(cols) {
			return n, fmt.Errorf("row %d has %d values, want %d", n+1, len(row), len(cols))
		}
		for i, v := range row {
			vals[i] = v
			if cols[i].viaText {
				vals[i] = asText(v)
			}
		}
		if err := a.AppendRow(vals...); err != nil {
			return n, fmt.Errorf("row %d: %w", n+1, err)
		}
		n++
		if n%4096 == 0 && ctx.Err() != nil {
			return n, context.Cause(ctx)
		}
	}
}

// asText renders a scalar for a VARCHAR column, in a form DuckDB casts back
// to the declared type.
func asText(v any) any {
	switch x := v.(type) {
	case nil, string:
		return x
	case []byte:
		return string(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	case time.Time:
		return x.Format("2006-01-02 15:04:05.999999Z07:00")
	}
	return fmt.Sprint(v)
}

// castColumns gives the columns loaded as VARCHAR their declared types.
func (w *Warehouse) castColumns(ctx context.Context, rel adapters.RelName, cols []loadCol) error {
	for _, c := range cols {
		if !c.viaText || textual(strings.ToLower(c.typ)) {
			continue
		}
		q := adapters.QuoteIdent(c.name)
		if err := w.Exec(ctx, `ALTER TABLE `+rel.Quoted()+` ALTER COLUMN `+q+` TYPE `+c.typ+` USING CAST(`+q+` AS `+c.typ+`)`); err != nil {
			return fmt.Errorf("column %s: %w", c.name, err)
		}
	}
	return nil
}

package postgres

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/quill-etl/quill/adapters"
	"github.com/quill-etl/quill/models"
)

// typePattern is what a column type may look like; a type is spliced into
// DDL (it cannot be bound), so anything else is refused.
var typePattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_ ]*(\([0-9, ]*\))?(\[\])?$`)

// LoadTemp creates a temporary table with cols and fills it with COPY …
// FROM STDIN in text format, the path psql's \copy takes: the server parses
// every value with its type's input function, so strings load into numeric,
// uuid, json, interval… columns alike. On failure the table is dropped.
func (w *Warehouse) LoadTemp(ctx context.Context, rel adapters.RelName, cols []models.Column, rows adapters.RowSource) (adapters.Temp, error) {
	t := adapters.Temp{Rel: rel, Tmp: adapters.RelName{Schema: rel.Schema, Name: adapters.TempName(rel.Name)}}
	create, copySQL, dates, err := loadSQL(t.Tmp, cols)
	if err != nil {
		return t, fmt.Errorf("postgres: loading %s: %w", rel, err)
	}
	if _, err := w.pool.Exec(ctx, create); err != nil {
		return t, w.wrap(err, "loading %s", rel)
	}
	conn, err := w.pool.Acquire(ctx)
	if err != nil {
		_ = w.DropTemp(context.WithoutCancel(ctx), t)
		return t, w.wrap(err, "loading %s", rel)
	}
	src := &copyReader{ctx: ctx, rows: rows, dates: dates}
	tag, err := conn.Conn().PgConn().CopyFrom(ctx, src, copySQL)
	conn.Release()
	if src.err != nil {
		err = src.err // the server only echoes the source's message
	}
	if err != nil {
		_ = w.DropTemp(context.WithoutCancel(ctx), t)
		return t, w.wrap(err, "loading %s", rel)
	}
	t.Rows = tag.RowsAffected()
	return t, nil
}

// loadSQL returns the CREATE TABLE and COPY statements for a load, and which
// columns are dates (their time values are written as dates).
func loadSQL(rel adapters.RelName, cols []models.Column) (create, copySQL string, dates []bool, err error) {
	defs := make([]string, len(cols))
	names := make([]string, len(cols))
	dates = make([]bool, len(cols))
	for i, c := range cols {
		typ := strings.TrimSpace(c.Type)
		if typ == "" {
			typ = "text"
		}
		if !typePattern.MatchString(typ) {
			return "", "", nil, fmt.Errorf("column %s: unsupported type %q", c.Name, c.Type)
		}
		names[i] = adapters.QuoteIdent(c.Name)
		defs[i] = names[i] + " " + typ
		dates[i] = strings.EqualFold(typ, "date")
	}
	create = `CREATE TABLE ` + rel.Quoted() + ` (` + strings.Join(defs, ", ") + `)`
	copySQL = `COPY ` + rel.Quoted() + ` (` + strings.Join(names, ", ") + `) FROM STDIN`
	return create, copySQL, dates, nil
}

// copyReader encodes rows in COPY text format as the connection reads it,
// so memory is bounded by one buffer, not by the table.
type copyReader struct {
	ctx   context.Context
	rows  adapters.RowSource
	dates []bool
	buf   bytes.Buffer
	n     int64
	err   error // the source's (or the context's) error, kept for the caller
	eof   bool
}

// fill is how much encoded text Read buffers before handing it on.
const fill = 64 << 10

func (r *copyReader) Read(p []byte) (int, error) {
	for r.buf.Len() < fill && !r.eof && r.err == nil {
		row, err := r.rows.Next()
		switch {
		case errors.Is(err, io.EOF):
			r.eof = true
		case err != nil:
			r.err = err
		case len(row) != len(r.dates):
			r.err = fmt.Errorf("row %d has %d values, want %d", r.n+1, len(row), len(r.dates))
		default:
			r.n++
			r.encode(row)
			if r.n%4096 == 0 && r.ctx.Err() != nil {
				r.err = context.Cause(r.ctx)
			}
		}
	}
	if r.buf.Len() > 0 {
		return r.buf.Read(p)
	}
	if r.err != nil {
		return 0, r.err
	}
	return 0, io.EOF
}

// encode appends one row in COPY text format to the buffer, through
// appendCopyText (copy_text.go), straight into the buffer's spare capacity.
func (r *copyReader) encode(row []any) {
	b := r.buf.AvailableBuffer()
	for i, v := range row {
		if i > 0 {
			b = append(b, '\t')
		}
		b = appendCopyText(b, v, r.dates[i])
	}
	r.buf.Write(append(b, '\n'))
}

package postgres

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

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

func (r *copyReader) encode(row []any) {
	for i, v := range row {
		if i > 0 {
			r.buf.WriteByte('\t')
		}
		r.buf.WriteString(copyText(v, r.dates[i]))
	}
	r.buf.WriteByte('\n')
}

// copyEscaper escapes what COPY's text format gives a meaning to.
var copyEscaper = strings.NewReplacer(`\`, `\\`, "\n", `\n`, "\r", `\r`, "\t", `\t`)

// copyText renders one value in COPY text format (\N is NULL).
func copyText(v any, date bool) string {
	switch x := v.(type) {
	case nil:
		return `\N`
	case string:
		return copyEscaper.Replace(x)
	case []byte:
		return `\\x` + fmt.Sprintf("%x", x) // bytea hex input, its backslash escaped
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		switch {
		case math.IsInf(x, 1):
			return "Infinity"
		case math.IsInf(x, -1):
			return "-Infinity"
		}
		return strconv.FormatFloat(x, 'g', -1, 64) // NaN reads back as NaN
	case bool:
		return strconv.FormatBool(x)
	case time.Time:
		if date {
			return x.UTC().Format("2006-01-02")
		}
		return x.UTC().Format("2006-01-02 15:04:05.999999Z07:00")
	}
	return copyEscaper.Replace(fmt.Sprint(v))
}

package extract

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/quill-etl/quill/adapters"
	"github.com/quill-etl/quill/models"
)

// Describe returns the columns that Query would return for sql, with the
// same warehouse types, without running it: PostgreSQL parses and describes
// the statement only. It lets a caller create the landing table first and
// then choose how to read the rows (Query or CopyText). PostgreSQL only;
// ctx covers the round trip.
func (s *Source) Describe(ctx context.Context, sql string) ([]models.Column, error) {
	if s.kind != KindPostgres {
		return nil, fmt.Errorf("extract: %s: Describe is for postgres sources", s.kind)
	}
	conn, err := s.pg.Acquire(ctx)
	if err != nil {
		return nil, s.wrap(err, "connecting")
	}
	defer conn.Release()
	sd, err := conn.Conn().PgConn().Prepare(ctx, "", sql, nil)
	if err != nil {
		return nil, s.wrap(err, "describing the query")
	}
	cols := make([]models.Column, len(sd.Fields))
	for i, f := range sd.Fields {
		typ, _, ok := pgBinaryType(f.DataTypeOID)
		if !ok {
			typ = pgTextType(f.DataTypeOID, f.TypeModifier)
		}
		cols[i] = models.Column{Name: f.Name, Type: typ}
	}
	return cols, nil
}

// copySettings make COPY's text output readable the same by any PostgreSQL
// server, whatever the source's defaults: ISO dates (never DMY or MDY),
// timestamps with a UTC offset, intervals in the style every server parses,
// floats with every digit (shortest exact form from PostgreSQL 12), bytea in
// hex, UTF-8. They are SET LOCAL, so they end with the read's transaction
// and never leak into the pooled connection.
const copySettings = `BEGIN READ ONLY;
SET LOCAL client_encoding = 'UTF8';
SET LOCAL DateStyle = 'ISO, YMD';
SET LOCAL TimeZone = 'UTC';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 3;
SET LOCAL bytea_output = 'hex'`

// CopyText runs COPY (sql) TO STDOUT on the source in text format and writes
// the rows to w as they arrive, in the form adapters.CopySource describes.
// It returns the number of rows, counted by newlines (exact in COPY text
// format, where a newline inside a value is written \n), and fails when that
// differs from the row count PostgreSQL reports. The read runs in a
// read-only transaction. PostgreSQL only; ctx covers the whole read.
func (s *Source) CopyText(ctx context.Context, sql string, w io.Writer) (int64, error) {
	if s.kind != KindPostgres {
		return 0, fmt.Errorf("extract: %s: CopyText is for postgres sources", s.kind)
	}
	conn, err := s.pg.Acquire(ctx)
	if err != nil {
		return 0, s.wrap(err, "connecting")
	}
	defer conn.Release()
	pc := conn.Conn().PgConn()
	if err := pc.Exec(ctx, copySettings).Close(); err != nil {
		return 0, s.wrap(err, "starting the read")
	}
	cw := &lineCounter{w: w}
	// The newline keeps a trailing -- comment in sql from swallowing the
	// parenthesis.
	tag, err := pc.CopyTo(ctx, cw, "COPY (\n"+trimStatement(sql)+"\n) TO STDOUT")
	if err != nil {
		if cw.err != nil {
			err = cw.err // the writer's failure, not the broken COPY it caused
		}
		// The connection may be mid-COPY or in a failed transaction: close it
		// rather than return it to the pool.
		_ = conn.Conn().Close(context.WithoutCancel(ctx))
		return cw.n, s.wrap(err, "reading rows")
	}
	if err := pc.Exec(ctx, "COMMIT").Close(); err != nil {
		return cw.n, s.wrap(err, "ending the read")
	}
	if tag.RowsAffected() != cw.n {
		return cw.n, fmt.Errorf("extract: postgres: COPY reported %d rows but wrote %d lines", tag.RowsAffected(), cw.n)
	}
	return cw.n, nil
}

// trimStatement drops the trailing semicolons and spaces a query may end
// with, which cannot stand inside COPY ( … ).
func trimStatement(sql string) string {
	return strings.TrimRight(sql, "; \t\r\n")
}

// lineCounter passes writes on and counts the newlines in them.
type lineCounter struct {
	w   io.Writer
	n   int64
	err error
}

func (c *lineCounter) Write(p []byte) (int, error) {
	k, err := c.w.Write(p)
	c.n += int64(bytes.Count(p[:k], []byte{'\n'}))
	if err != nil && c.err == nil {
		c.err = err
	}
	if err == nil && k < len(p) {
		err = io.ErrShortWrite
	}
	return k, err
}

// Extract runs sql on the source for landing in a warehouse. For MySQL it
// is Query. For PostgreSQL the query is only described here, and runs on the
// first call of Next (row by row, through Query) or of CopyText (as COPY
// text, for a warehouse that loads that as it is), whichever comes first.
// ctx covers the whole read, until Close. The caller must Close the result.
func (s *Source) Extract(ctx context.Context, sql string) (adapters.Extract, error) {
	if s.kind != KindPostgres {
		return s.Query(ctx, sql)
	}
	cols, err := s.Describe(ctx, sql)
	if err != nil {
		return nil, err
	}
	// COPY ( … ) takes what a subquery takes; a query that is not one (a
	// trailing comment after a semicolon, a utility statement) is read row
	// by row.
	if _, err := s.Describe(ctx, "SELECT * FROM (\n"+trimStatement(sql)+"\n) AS q"); err != nil {
		return s.Query(ctx, sql)
	}
	return &CopyRows{ctx: ctx, src: s, sql: sql, cols: cols}, nil
}

// CopyRows is a PostgreSQL extract (see Source.Extract). It implements
// adapters.Extract and adapters.CopySource. It is not safe for concurrent
// use.
type CopyRows struct {
	ctx    context.Context
	src    *Source
	sql    string
	cols   []models.Column
	rows   *Rows // once Next has run the query
	copied bool
	n      int64 // rows CopyText wrote
}

// Columns returns the query's columns and warehouse types, as Query would.
func (c *CopyRows) Columns() []models.Column { return c.cols }

// Count returns the rows read so far, by Next or by CopyText.
func (c *CopyRows) Count() int64 {
	if c.rows != nil {
		return c.rows.Count()
	}
	return c.n
}

// Next runs the query on its first call, then returns its rows as Rows.Next
// does.
func (c *CopyRows) Next() ([]any, error) {
	if c.rows == nil {
		if c.copied {
			return nil, errors.New("extract: postgres: rows were already read with CopyText")
		}
		rows, err := c.src.Query(c.ctx, c.sql)
		if err != nil {
			return nil, err
		}
		if len(rows.Columns()) != len(c.cols) {
			rows.Close()
			return nil, fmt.Errorf("extract: postgres: the query returned %d columns, described with %d", len(rows.Columns()), len(c.cols))
		}
		c.rows = rows
	}
	return c.rows.Next()
}

// CopyText writes the query's rows to w as COPY text (Source.CopyText); it
// may be called once, and not after Next.
func (c *CopyRows) CopyText(ctx context.Context, w io.Writer) (int64, error) {
	if c.rows != nil || c.copied {
		return 0, errors.New("extract: postgres: rows were already read")
	}
	c.copied = true
	n, err := c.src.CopyText(ctx, c.sql, w)
	c.n = n
	return n, err
}

// Close ends the query if Next started it; CopyText has released its
// connection already. It does not close the Source.
func (c *CopyRows) Close() error {
	if c.rows != nil {
		return c.rows.Close()
	}
	return nil
}

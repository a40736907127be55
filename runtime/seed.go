package runtime

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strconv"
	"strings"
	"time"

	"github.com/quill-etl/quill/adapters"
	"github.com/quill-etl/quill/models"
)

// seedRows streams a seed CSV as typed rows for a bulk load.
type seedRows struct {
	file string
	r    *csv.Reader
	cols []models.Column
}

// OpenSeed opens a seed's CSV file and returns its rows converted to the
// seed's column types; the header row is skipped. Call closeFn when done.
func OpenSeed(files fs.FS, n *models.Node) (rows adapters.RowSource, closeFn func() error, err error) {
	f, err := files.Open(n.File)
	if err != nil {
		return nil, nil, fmt.Errorf("opening seed %s: %w", n.File, err)
	}
	r := csv.NewReader(f)
	r.ReuseRecord = true
	if _, err := r.Read(); err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("%s: reading header: %w", n.File, err)
	}
	return &seedRows{file: n.File, r: r, cols: n.Columns}, f.Close, nil
}

// Next returns the next row, or io.EOF.
func (s *seedRows) Next() ([]any, error) {
	rec, err := s.r.Read()
	if errors.Is(err, io.EOF) {
		return nil, io.EOF
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", s.file, err)
	}
	line, _ := s.r.FieldPos(0)
	if len(rec) != len(s.cols) {
		return nil, fmt.Errorf("%s:%d: %d fields, want %d", s.file, line, len(rec), len(s.cols))
	}
	row := make([]any, len(rec))
	for i, v := range rec {
		val, err := SeedValue(v, s.cols[i].Type)
		if err != nil {
			_, col := s.r.FieldPos(i)
			return nil, fmt.Errorf("%s:%d:%d: column %s: %v", s.file, line, col, s.cols[i].Name, err)
		}
		row[i] = val
	}
	return row, nil
}

// SeedValue converts a CSV field to the Go value of a column type. An empty
// field is NULL. Decimals stay strings so no precision is lost.
func SeedValue(v, typ string) (any, error) {
	if v == "" {
		return nil, nil
	}
	switch baseType(typ) {
	case "bigint", "integer", "smallint", "int", "int8", "int4", "int2":
		return strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	case "double precision", "real", "float", "float8", "float4", "double":
		return strconv.ParseFloat(strings.TrimSpace(v), 64)
	case "boolean", "bool":
		return strconv.ParseBool(strings.ToLower(strings.TrimSpace(v)))
	case "date":
		return time.Parse("2006-01-02", strings.TrimSpace(v))
	case "timestamp", "timestamptz", "timestamp with time zone", "timestamp without time zone":
		return parseTime(strings.TrimSpace(v))
	}
	return v, nil
}

func baseType(t string) string {
	t = strings.ToLower(strings.TrimSpace(t))
	if i := strings.IndexByte(t, '('); i >= 0 {
		t = strings.TrimSpace(t[:i])
	}
	return t
}

func parseTime(v string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05.999999999Z07:00", "2006-01-02 15:04:05.999999999Z07", "2006-01-02 15:04:05.999999999", "2006-01-02T15:04:05.999999999", "2006-01-02"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("cannot read %q as a timestamp", v)
}

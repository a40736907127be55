package duckdb

import (
	"context"
	"io"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/quill-etl/quill/adapters"
	"github.com/quill-etl/quill/models"
)

func TestQueryNormalisesTypes(t *testing.T) {
	w := openFile(t)
	defer w.Close()
	res, err := w.Query(context.Background(), `SELECT 1.50::decimal(10,2), -0.05::decimal(4,3), 12345678901234567890123::hugeint,
		42::hugeint, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid, '12:34:56.5'::time, INTERVAL '1 month 2 days 3.5 seconds',
		1.1::real, 3::tinyint, 18446744073709551615::ubigint, [1.50::decimal(4,2), NULL], {'k': 'v'}, 'x'::blob, '2024-01-02'::date`)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]any{{"1.50", "-0.050", "12345678901234567890123", int64(42), "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
		"12:34:56.5", "1 mon 2 days 00:00:03.5", 1.1, int64(3), "18446744073709551615", "[1.50,null]", `{"k":"v"}`,
		[]byte("x"), time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)}}
	if d := cmp.Diff(want, res.Rows); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

type rowsOf struct{ rows [][]any }

func (r *rowsOf) Next() ([]any, error) {
	if len(r.rows) == 0 {
		return nil, io.EOF
	}
	row := r.rows[0]
	r.rows = r.rows[1:]
	return row, nil
}

func TestLoadTempCastsTextColumns(t *testing.T) {
	w := openFile(t)
	defer w.Close()
	ctx := context.Background()
	if err := w.EnsureSchema(ctx, "s"); err != nil {
		t.Fatal(err)
	}
	cols := []models.Column{{Name: "u", Type: "uuid"}, {Name: "j", Type: "json"}, {Name: "i", Type: "interval"},
		{Name: "n", Type: "numeric(6,3)"}, {Name: "txt", Type: "varchar"}, {Name: "f", Type: "double"}}
	in := []any{"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", `{"k":[1,2]}`, "2 days", int64(7), int64(8), int64(9)}
	tmp, err := w.LoadTemp(ctx, adapters.RelName{Schema: "s", Name: "x"}, cols, &rowsOf{rows: [][]any{in, {nil, nil, nil, nil, nil, nil}}})
	if err != nil {
		t.Fatal(err)
	}
	res, err := w.Query(ctx, `SELECT * FROM `+tmp.Tmp.Quoted()+` ORDER BY u NULLS LAST`)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]any{{"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", `{"k":[1,2]}`, "2 days", "7.000", "8", 9.0}, {nil, nil, nil, nil, nil, nil}}
	if d := cmp.Diff(want, res.Rows); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

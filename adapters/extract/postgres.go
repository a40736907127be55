package extract

import (
	"context"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"math"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/quill-etl/quill/models"
)

// pgBinaryType gives the warehouse type of the types read in binary format
// and decoded here (pgDecode), and their binary size (0: variable). Every
// other type is read in PostgreSQL's own text format and passed on as a
// string: numeric keeps all its digits, interval, time, json and arrays keep
// the form PostgreSQL prints, and enums, domains and extension types need no
// codec at all.
func pgBinaryType(oid uint32) (typ string, size int, ok bool) {
	switch oid {
	case pgtype.BoolOID:
		return "boolean", 1, true
	case pgtype.Int2OID:
		return "smallint", 2, true
	case pgtype.Int4OID:
		return "integer", 4, true
	case pgtype.Int8OID:
		return "bigint", 8, true
	case pgtype.OIDOID:
		return "bigint", 4, true
	case pgtype.Float4OID:
		return "double precision", 4, true // widened: loaders take float64
	case pgtype.Float8OID:
		return "double precision", 8, true
	case pgtype.TextOID, pgtype.VarcharOID, pgtype.BPCharOID, pgtype.NameOID:
		return "text", 0, true
	case pgtype.ByteaOID:
		return "bytea", 0, true
	case pgtype.UUIDOID:
		return "uuid", 16, true
	case pgtype.DateOID:
		return "date", 4, true
	case pgtype.TimestampOID:
		return "timestamp", 8, true
	case pgtype.TimestamptzOID:
		return "timestamptz", 8, true
	}
	return "", 0, false
}

// pgBinaryOIDs are the types pgBinaryType knows.
func pgBinaryOIDs() []uint32 {
	return []uint32{pgtype.BoolOID, pgtype.Int2OID, pgtype.Int4OID, pgtype.Int8OID, pgtype.OIDOID,
		pgtype.Float4OID, pgtype.Float8OID, pgtype.TextOID, pgtype.VarcharOID, pgtype.BPCharOID,
		pgtype.NameOID, pgtype.ByteaOID, pgtype.UUIDOID, pgtype.DateOID, pgtype.TimestampOID,
		pgtype.TimestamptzOID}
}

// pgTextType gives the warehouse type of a column read as text.
func pgTextType(oid uint32, typmod int32) string {
	switch oid {
	case pgtype.NumericOID:
		// typmod is ((precision << 16) | scale) + 4 (VARHDRSZ), or -1 when
		// unconstrained.
		if typmod >= 4 {
			p, s := (typmod-4)>>16&0xffff, (typmod-4)&0xffff
			if s <= p {
				return fmt.Sprintf("numeric(%d,%d)", p, s)
			}
		}
		return "numeric"
	case pgtype.JSONOID, pgtype.JSONBOID:
		// json, not jsonb: DuckDB has no jsonb, and PostgreSQL's json keeps
		// the source's text as it is.
		return "json"
	case pgtype.IntervalOID:
		return "interval"
	case pgtype.TimeOID:
		return "time"
	}
	return "text"
}

// pgFormats asks for binary results for the types decoded here; pgx sends
// text (0) for any OID missing from the map.
func pgFormats() pgx.QueryResultFormatsByOID {
	oids := pgBinaryOIDs()
	f := make(pgx.QueryResultFormatsByOID, len(oids))
	for _, oid := range oids {
		f[oid] = pgx.BinaryFormatCode
	}
	return f
}

func (s *Source) queryPostgres(ctx context.Context, sql string, args []any) (*Rows, error) {
	rows, err := s.pg.Query(ctx, sql, append([]any{pgFormats()}, args...)...)
	if err != nil {
		return nil, s.wrap(err, "query")
	}
	fields := rows.FieldDescriptions()
	r := &pgRows{rows: rows, oids: make([]uint32, len(fields)), bin: make([]bool, len(fields))}
	cols := make([]models.Column, len(fields))
	for i, f := range fields {
		r.oids[i] = f.DataTypeOID
		typ, _, ok := pgBinaryType(f.DataTypeOID)
		r.bin[i] = ok && f.Format == pgx.BinaryFormatCode
		if !ok {
			typ = pgTextType(f.DataTypeOID, f.TypeModifier)
		}
		cols[i] = models.Column{Name: f.Name, Type: typ}
	}
	close := func() error { rows.Close(); return rows.Err() }
	return &Rows{src: s, cols: cols, rd: r, close: close}, nil
}

// pgRows decodes pgx's raw column values itself: it skips pgx's generic
// Values path (an interface conversion and often an allocation per value)
// on the hot loop of an extract.
type pgRows struct {
	rows pgx.Rows
	oids []uint32
	bin  []bool
}

func (r *pgRows) next(dst []any) error {
	if !r.rows.Next() {
		if err := r.rows.Err(); err != nil {
			return err
		}
		return io.EOF
	}
	for i, raw := range r.rows.RawValues() {
		switch {
		case raw == nil:
			dst[i] = nil
		case !r.bin[i]:
			dst[i] = string(raw)
		default:
			v, err := pgDecode(r.oids[i], raw)
			if err != nil {
				return fmt.Errorf("column %s: %w", r.rows.FieldDescriptions()[i].Name, err)
			}
			dst[i] = v
		}
	}
	return nil
}

// pgEpoch is where PostgreSQL's binary dates and timestamps count from,
// 2000-01-01 UTC, in Unix seconds.
const pgEpoch = 946684800

// pgDecode decodes one binary value of a type pgBinaryType knows.
func pgDecode(oid uint32, b []byte) (any, error) {
	if _, need, _ := pgBinaryType(oid); need != 0 && len(b) != need {
		return nil, fmt.Errorf("binary value of type %d has %d bytes, want %d", oid, len(b), need)
	}
	switch oid {
	case pgtype.BoolOID:
		return b[0] != 0, nil
	case pgtype.Int2OID:
		return int64(int16(binary.BigEndian.Uint16(b))), nil
	case pgtype.Int4OID:
		return int64(int32(binary.BigEndian.Uint32(b))), nil
	case pgtype.Int8OID:
		return int64(binary.BigEndian.Uint64(b)), nil
	case pgtype.OIDOID:
		return int64(binary.BigEndian.Uint32(b)), nil
	case pgtype.Float4OID:
		// Through the shortest decimal form, so real 1.1 reads 1.1, not
		// 1.100000023841858.
		f := math.Float32frombits(binary.BigEndian.Uint32(b))
		d, _ := strconv.ParseFloat(strconv.FormatFloat(float64(f), 'g', -1, 32), 64)
		return d, nil
	case pgtype.Float8OID:
		return math.Float64frombits(binary.BigEndian.Uint64(b)), nil
	case pgtype.ByteaOID:
		return append([]byte(nil), b...), nil
	case pgtype.UUIDOID:
		h := hex.EncodeToString(b)
		return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32], nil
	case pgtype.DateOID:
		switch d := int32(binary.BigEndian.Uint32(b)); d {
		case math.MaxInt32:
			return "infinity", nil
		case math.MinInt32:
			return "-infinity", nil
		default:
			return time.Unix(pgEpoch+int64(d)*86400, 0).UTC(), nil
		}
	case pgtype.TimestampOID, pgtype.TimestamptzOID:
		switch us := int64(binary.BigEndian.Uint64(b)); us {
		case math.MaxInt64:
			return "infinity", nil
		case math.MinInt64:
			return "-infinity", nil
		default:
			return time.Unix(pgEpoch+us/1e6, us%1e6*1e3).UTC(), nil
		}
	}
	return string(b), nil // text, varchar, bpchar, name: UTF-8 bytes
}

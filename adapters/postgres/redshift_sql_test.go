package postgres

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/quill-etl/quill/adapters"
	"github.com/quill-etl/quill/models"
)

func TestRedshiftCopySQL(t *testing.T) {
	c := RedshiftCopy{
		Table:    adapters.RelName{Schema: "raw", Name: `__quill_tmp_ev"ents_0a1b2c3d`},
		Columns:  []string{"id", "user name"},
		Manifest: "s3://stage-bucket/quill/__quill_tmp_events_0a1b2c3d/manifest.json",
		IAMRole:  "arn:aws:iam::123456789012:role/quill-load",
	}
	got, err := RedshiftCopySQL(c)
	if err != nil {
		t.Fatal(err)
	}
	want := `COPY "raw"."__quill_tmp_ev""ents_0a1b2c3d" ("id", "user name") FROM 's3://stage-bucket/quill/__quill_tmp_events_0a1b2c3d/manifest.json' IAM_ROLE 'arn:aws:iam::123456789012:role/quill-load' MANIFEST FORMAT AS CSV GZIP TIMEFORMAT 'auto'`
	if got != want {
		t.Errorf("RedshiftCopySQL =\n%s\nwant\n%s", got, want)
	}

	c.Region = "eu-west-1"
	c.Manifest = "s3://b/it's/manifest.json" // a quote in a key is legal in S3
	got, err = RedshiftCopySQL(c)
	if err != nil {
		t.Fatal(err)
	}
	want = `COPY "raw"."__quill_tmp_ev""ents_0a1b2c3d" ("id", "user name") FROM 's3://b/it''s/manifest.json' IAM_ROLE 'arn:aws:iam::123456789012:role/quill-load' MANIFEST FORMAT AS CSV GZIP TIMEFORMAT 'auto' REGION 'eu-west-1'`
	if got != want {
		t.Errorf("RedshiftCopySQL with region =\n%s\nwant\n%s", got, want)
	}
}

func TestRedshiftCopySQLRefusesEscapes(t *testing.T) {
	base := RedshiftCopy{Table: adapters.RelName{Schema: "s", Name: "t"}, Columns: []string{"a"},
		Manifest: "s3://b/m.json", IAMRole: "arn:aws:iam::1:role/r"}
	for name, mut := range map[string]func(*RedshiftCopy){
		"backslash in role":   func(c *RedshiftCopy) { c.IAMRole = `arn:aws:iam::1:role/r\' CREDENTIALS 'x` },
		"newline in manifest": func(c *RedshiftCopy) { c.Manifest = "s3://b/m.json'\n; DROP TABLE x; --" },
		"backslash in region": func(c *RedshiftCopy) { c.Region = `us\east` },
		"empty role":          func(c *RedshiftCopy) { c.IAMRole = "" },
		"no columns":          func(c *RedshiftCopy) { c.Columns = nil },
	} {
		c := base
		mut(&c)
		if sql, err := RedshiftCopySQL(c); err == nil {
			t.Errorf("%s: no error, got %s", name, sql)
		}
	}
	// A quote alone cannot end the literal: it is doubled.
	c := base
	c.IAMRole = "arn:aws:iam::1:role/r' CREDENTIALS 'x"
	sql, err := RedshiftCopySQL(c)
	if err != nil || !strings.Contains(sql, `IAM_ROLE 'arn:aws:iam::1:role/r'' CREDENTIALS ''x' MANIFEST`) {
		t.Errorf("quote in role: %s, %v", sql, err)
	}
}

func TestRedshiftCreateSQL(t *testing.T) {
	rel := adapters.RelName{Schema: "raw", Name: "__quill_tmp_t_00000000"}
	cols := []models.Column{
		{Name: "id", Type: "bigint"}, {Name: "name", Type: "text"}, {Name: "doc", Type: "jsonb"},
		{Name: "blob", Type: "bytea"}, {Name: "uid", Type: "uuid"}, {Name: "day", Type: "date"},
		{Name: "amount", Type: "numeric(20,6)"}, {Name: "untyped"}, {Name: "code", Type: "varchar(12)"},
	}
	create, names, dates, err := redshiftCreateSQL(rel, cols)
	if err != nil {
		t.Fatal(err)
	}
	want := `CREATE TABLE "raw"."__quill_tmp_t_00000000" ("id" bigint, "name" varchar(65535), "doc" varchar(65535), "blob" varbyte, "uid" char(36), "day" date, "amount" numeric(20,6), "untyped" varchar(65535), "code" varchar(12))`
	if create != want {
		t.Errorf("create =\n%s\nwant\n%s", create, want)
	}
	if d := cmp.Diff([]string{"id", "name", "doc", "blob", "uid", "day", "amount", "untyped", "code"}, names); d != "" {
		t.Errorf("names (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]bool{false, false, false, false, false, true, false, false, false}, dates); d != "" {
		t.Errorf("dates (-want +got):\n%s", d)
	}
	if _, _, _, err := redshiftCreateSQL(rel, []models.Column{{Name: "x", Type: "int); DROP TABLE y; --"}}); err == nil {
		t.Error("a type that is SQL: no error")
	}
}

func TestRedshiftManifest(t *testing.T) {
	got := string(redshiftManifest([]string{"s3://b/p/part-00000.csv.gz", "s3://b/p/part-00001.csv.gz"}))
	want := `{"entries":[{"url":"s3://b/p/part-00000.csv.gz","mandatory":true},{"url":"s3://b/p/part-00001.csv.gz","mandatory":true}]}`
	if got != want {
		t.Errorf("manifest = %s\nwant %s", got, want)
	}
}

func TestCSVValue(t *testing.T) {
	ts := time.Date(2026, 3, 4, 5, 6, 7, 890123000, time.FixedZone("CET", 3600))
	for _, c := range []struct {
		v    any
		date bool
		want string
	}{
		{nil, false, `\N`},
		{"", false, `""`},
		{`\N`, false, `"\N"`},
		{`a,b "c"` + "\nd\r\n", false, "\"a,b \"\"c\"\"\nd\r\n\""},
		{"héllo", false, `"héllo"`},
		{int64(-42), false, "-42"},
		{1.5, false, "1.5"},
		{1e300, false, "1e+300"},
		{math.Inf(1), false, "Infinity"},
		{math.Inf(-1), false, "-Infinity"},
		{math.NaN(), false, "NaN"},
		{true, false, "true"},
		{false, false, "false"},
		{[]byte{0xde, 0xad, 0x00, 0x01}, false, "dead0001"},
		{[]byte{}, false, ""},
		{ts, false, "2026-03-04T04:06:07.890123Z"},
		{time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC), false, "2026-03-04T05:06:07Z"},
		{time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC), true, "2026-03-04"},
		{"12345.678901", false, `"12345.678901"`},
		{int32(7), false, `"7"`}, // an unexpected type: its text, quoted
	} {
		got, err := appendCSVValue(nil, c.v, c.date)
		if err != nil || string(got) != c.want {
			t.Errorf("appendCSVValue(%#v) = %q, %v; want %q", c.v, got, err, c.want)
		}
	}
	if _, err := appendCSVValue(nil, "a\x00b", false); err == nil {
		t.Error("NUL byte: no error")
	}
	row, err := appendCSVRow(nil, []any{int64(1), nil, "x"}, []bool{false, false, false})
	if err != nil || string(row) != "1,\\N,\"x\"\n" {
		t.Errorf("appendCSVRow = %q, %v", row, err)
	}
}

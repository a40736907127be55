package sqlparse

import (
	"errors"
	"strings"
	"testing"
)

// Each case marks the expected error offset with ⟨here⟩ (removed before
// parsing), so the offsets are checked on text with multi-byte characters.
func TestParseErrors(t *testing.T) {
	cases := []struct{ name, sql, msg string }{
		{"syntax", "select a,, b from t", "syntax error"},
		{"after_multibyte", "select 'héllo wörld ☃' from ⟨here⟩from t", `syntax error at or near "from"`},
		{"multibyte_identifier", "select ünïcödé ⟨here⟩))", "syntax error"},
		{"end_of_input", "select * from⟨here⟩", "syntax error at end of input"},
		{"redshift_top", "select top ⟨here⟩10 * from t", "syntax error"},
		{"insert", "-- a comment\n⟨here⟩insert into t values (1)", "not INSERT"},
		{"create_table", "⟨here⟩CREATE TABLE t (a int)", "not CREATE"},
		{"ctas", "⟨here⟩create table t as select 1", "not CREATE TABLE AS"},
		{"update", "  ⟨here⟩update t set a = 1", "not UPDATE"},
		{"delete", "⟨here⟩delete from t", "not DELETE"},
		{"drop", "⟨here⟩drop table t", "not DROP"},
		{"two_selects", "select 1;\n/* second */ ⟨here⟩select 2", "single SELECT"},
		{"select_then_ddl", "select 1; ⟨here⟩drop table t;", "single SELECT"},
		{"select_into", "select * into ⟨here⟩new_t from t", "SELECT INTO"},
		{"dml_cte", "with ⟨here⟩x as (delete from t returning *) select * from x", "data-modifying"},
		{"empty", "⟨here⟩", "empty model"},
		{"only_comment", "-- nothing here\n⟨here⟩", "empty model"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			want := strings.Index(tc.sql, "⟨here⟩")
			sql := strings.Replace(tc.sql, "⟨here⟩", "", 1)
			_, err := Parse(sql)
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("want *SyntaxError, got %v", err)
			}
			if !strings.Contains(se.Msg, tc.msg) {
				t.Errorf("message %q does not contain %q", se.Msg, tc.msg)
			}
			if want >= 0 && se.Offset != want {
				t.Errorf("offset %d, want %d (%q)", se.Offset, want, sql[min(se.Offset, len(sql)):])
			}
		})
	}
}

func TestParseAccepts(t *testing.T) {
	for _, sql := range []string{
		"select 1;",
		"select 1 ; -- done",
		"/* c */ values (1)",
		"(select 1) union (select 2) order by 1",
		"with x as (select 1) select * from x",
		"select * from t for update",
	} {
		if _, err := Parse(sql); err != nil {
			t.Errorf("%q: %v", sql, err)
		}
	}
}

func TestCharToByte(t *testing.T) {
	s := "aé☃b"
	for pos, want := range map[int]int{0: 0, 1: 0, 2: 1, 3: 3, 4: 6, 5: 7, 9: 7} {
		if got := charToByte(s, pos); got != want {
			t.Errorf("charToByte(%d) = %d, want %d", pos, got, want)
		}
	}
}

func TestRewrite(t *testing.T) {
	cases := []struct{ sql, want string }{
		{`with orders as (select * from raw.orders) select * from orders join "Mixed Case"."Weird Table" w on true`,
			`WITH orders AS (SELECT * FROM dev_raw.orders) SELECT * FROM orders JOIN "dev_Mixed Case"."Weird Table" w ON true`},
		{`select * from events`, `SELECT * FROM dev.events`},
		{`select i.x from s.orders o, o.items i`, `SELECT i.x FROM dev_s.orders o, o.items i`},
		{`select (select 1 from raw.a) from raw."B" where x in (select x from raw.c)`,
			`SELECT (SELECT 1 FROM dev_raw.a) FROM dev_raw."B" WHERE x IN (SELECT x FROM dev_raw.c)`},
	}
	for _, tc := range cases {
		q, err := Parse(tc.sql)
		if err != nil {
			t.Fatal(err)
		}
		got, err := q.Rewrite(devPrefix)
		if err != nil || got != tc.want {
			t.Errorf("Rewrite(%q)\n got %q, %v\nwant %q", tc.sql, got, err, tc.want)
		}
		// q is unchanged: a second rewrite with another function sees the
		// original names.
		again, _ := q.Rewrite(func(s, n string) (string, string) { return s, n })
		if strings.Contains(again, "dev") {
			t.Errorf("Rewrite mutated the query: %s", again)
		}
	}
}

func TestFingerprint(t *testing.T) {
	fp := func(sql string) string {
		t.Helper()
		q, err := Parse(sql)
		if err != nil {
			t.Fatal(err)
		}
		return q.Fingerprint()
	}
	base := fp("select a, sum(b) as total from raw.t where day = 1 group by a")
	same := []string{
		"SELECT A, SUM(B) AS TOTAL FROM RAW.T WHERE DAY = 1 GROUP BY A;",
		"select a,\n  sum(b) as total -- the sum\nfrom raw.t /* source */ where day = 1\ngroup by a",
	}
	for _, s := range same {
		if got := fp(s); got != base {
			t.Errorf("%q: fingerprint differs, want the same", s)
		}
	}
	differ := []string{
		"select a, sum(b) as total from raw.t where day = 2 group by a",
		"select a, sum(b) as sum from raw.t where day = 1 group by a",
		`select a, sum(b) as "Total" from raw.t where day = 1 group by a`,
		"select a, sum(b) as total from raw.t where day = '1' group by a",
	}
	for _, s := range differ {
		if got := fp(s); got == base {
			t.Errorf("%q: same fingerprint, want a different one", s)
		}
	}
}

func TestNormalizeText(t *testing.T) {
	cases := map[string]string{
		"SELECT  a , B -- c\nFROM t;":                   "select a,b from t",
		`select 'It''s A', "Quoted ID", E'a\'B' from x`: `select'It''s A',"Quoted ID",e'a\'B'from x`,
		"select $Tag$ Keep CASE $Tag$, $1 /* c */ + 2":  "select $Tag$ Keep CASE $Tag$,$1+2",
		"select a - -1, a*-b":                           "select a- -1,a*-b",
	}
	for in, want := range cases {
		if got := normalizeText(in); got != want {
			t.Errorf("normalizeText(%q) = %q, want %q", in, got, want)
		}
	}
}

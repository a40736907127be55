package cql

import (
	"strings"
	"testing"
)

func TestParseTable(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		want    string // columns rendered as name:type:kind[:desc]
		compact bool
	}{
		{
			name: "inline primary key",
			src:  "CREATE TABLE ks.t (id int PRIMARY KEY, v text);",
			want: "id:int:partition_key v:text:regular",
		},
		{
			name: "composite keys, static, order",
			src: `CREATE TABLE IF NOT EXISTS ks.t (
				a uuid, b text, c timestamp, s int static, m map<int, frozen<list<text>>>,
				PRIMARY KEY ((a, b), c)) WITH CLUSTERING ORDER BY (c DESC) AND gc_grace_seconds = 0;`,
			want: "a:uuid:partition_key b:text:partition_key c:timestamp:clustering:desc s:int:static m:map<int, frozen<list<text>>>:regular",
		},
		{
			name:    "compact storage, quoted identifier, comments",
			src:     "-- a comment\nCREATE TABLE \"T\" (\"Key\" varchar /* x */, v blob, PRIMARY KEY (\"Key\")) WITH COMPACT STORAGE",
			want:    "Key:text:partition_key v:blob:regular",
			compact: true,
		},
		{
			name: "udt and tuple",
			src: `CREATE TYPE ks.addr (street text, zip int);
				CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy'};
				CREATE TABLE ks.t (id int, a addr, f frozen<ks.addr>, tp tuple<int, text>, PRIMARY KEY (id));`,
			want: "id:int:partition_key a:ks.addr:regular f:frozen<ks.addr>:regular tp:frozen<tuple<int, text>>:regular",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tab, err := ParseTable(tc.src)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, c := range tab.Columns {
				s := c.Name + ":" + c.Type.String() + ":" + c.Kind.String()
				if c.Desc {
					s += ":desc"
				}
				got = append(got, s)
			}
			if g := strings.Join(got, " "); g != tc.want {
				t.Errorf("columns\n got %s\nwant %s", g, tc.want)
			}
			if tab.CompactStorage != tc.compact {
				t.Errorf("compact = %v", tab.CompactStorage)
			}
		})
	}
}

func TestParseTableErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{"CREATE TABLE t (id int, v text);", "no PRIMARY KEY"},
		{"CREATE TABLE t (id int PRIMARY KEY, v nosuch);", `1:39: unknown type "nosuch"`},
		{"CREATE TABLE t (id int PRIMARY KEY, v map<int>);", "map takes 2 type arguments"},
		{"CREATE TABLE t (id int, PRIMARY KEY (x));", `unknown column "x"`},
		{"CREATE TABLE t (id int PRIMARY KEY, id text);", `column "id" declared twice`},
		{"CREATE TABLE t (id int PRIMARY KEY", `expected ")", found "end of input"`},
		{"CREATE TABLE t (id int PRIMARY KEY) WITH CLUSTERING ORDER BY (id DESC);", "not a clustering column"},
		{"CREATE TABLE t (id 'unterminated", "unterminated quoted text"},
		{"SELECT 1;", "no CREATE TABLE"},
		{"CREATE TABLE a (x int PRIMARY KEY); CREATE TABLE b (x int PRIMARY KEY);", "2 CREATE TABLE statements"},
	}
	for _, tc := range tests {
		_, err := ParseTable(tc.src)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseTable(%q) error = %v, want it to contain %q", tc.src, err, tc.want)
		}
	}
}

func TestWarehouseType(t *testing.T) {
	tests := map[string]string{
		"text": "text", "varchar": "text", "bigint": "bigint", "counter": "bigint",
		"int": "integer", "tinyint": "smallint", "varint": "numeric", "decimal": "numeric",
		"float": "real", "double": "double precision", "timestamp": "timestamptz",
		"date": "date", "time": "time", "uuid": "uuid", "timeuuid": "uuid", "inet": "inet",
		"blob": "bytea", "boolean": "boolean", "duration": "text",
		"list<int>": "jsonb", "frozen<map<text, int>>": "jsonb", "tuple<int, int>": "jsonb",
	}
	for src, want := range tests {
		typ, err := ParseType(src)
		if err != nil {
			t.Fatalf("ParseType(%q): %v", src, err)
		}
		if got := WarehouseType(typ); got != want {
			t.Errorf("WarehouseType(%s) = %s, want %s", src, got, want)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add("CREATE TABLE ks.t (a int, b text static, c frozen<map<int, text>>, PRIMARY KEY ((a), c)) WITH CLUSTERING ORDER BY (c DESC);")
	f.Add("CREATE TYPE x (a int); CREATE TABLE t (k x PRIMARY KEY) WITH COMPACT STORAGE;")
	f.Add("/* */ -- \n 'a''b' \"c\"\"d\"")
	f.Fuzz(func(t *testing.T, src string) {
		s, err := Parse(src)
		if err != nil {
			return
		}
		for _, tab := range s.Tables {
			for _, c := range tab.Columns {
				_ = c.Type.String()
				_ = WarehouseType(c.Type)
			}
		}
	})
}

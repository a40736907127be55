package compiler

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/quill-etl/quill/models"
)

const baseHCL = `
project "t" {
  default_target = "dev"
}
target "dev" {
  adapter = "duckdb"
}
target "alice" {
  adapter       = "duckdb"
  schema_prefix = "dev_alice_"
}
source "external" "raw.events" {
  columns = { user_id = "bigint", kind = "text" }
}
`

func compileMap(t *testing.T, files map[string]string, opts Options) (*models.Project, string) {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, body := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(body)}
	}
	if _, ok := files["quill.hcl"]; !ok {
		fsys["quill.hcl"] = &fstest.MapFile{Data: []byte(baseHCL)}
	}
	p, diags := Compile(context.Background(), fsys, opts)
	var b strings.Builder
	for _, d := range diags {
		b.WriteString(d.Short() + "\n")
		if d.Detail != "" {
			b.WriteString("  " + strings.ReplaceAll(d.Detail, "\n", "\n  ") + "\n")
		}
	}
	return p, b.String()
}

func TestCompileDiagnostics(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{
			name:  "unknown relation with suggestion",
			files: map[string]string{"models/stg/users.sql": "SELECT 1 AS id", "models/mart/a.sql": "SELECT *\nFROM  stg.usres u"},
			want:  "models/mart/a.sql:2:7: error QL002: unknown relation \"stg.usres\"\n  Nothing in this project produces \"stg.usres\" and no external source declares it.\n  Did you mean \"stg.users\"?\n",
		},
		{
			name: "cycle",
			files: map[string]string{
				"models/a/one.sql": "SELECT x FROM a.three", "models/a/two.sql": "SELECT x FROM a.one",
				"models/a/three.sql": "SELECT x FROM a.two",
			},
			want: "models/a/one.sql:1:15: error QL004: dependency cycle: a.one → a.two → a.three → a.one\n  Each relation in the cycle reads the next one; break the cycle by removing one of these references.\n",
		},
		{
			name:  "self reference is a cycle",
			files: map[string]string{"models/a/one.sql": "SELECT x FROM a.one"},
			want:  "models/a/one.sql:1:15: error QL004: dependency cycle: a.one → a.one\n  Each relation in the cycle reads the next one; break the cycle by removing one of these references.\n",
		},
		{
			name:  "duplicate producer",
			files: map[string]string{"models/raw/events.sql": "SELECT 1 AS user_id"},
			want:  "models/raw/events.sql:1:1: error QL003: duplicate producer of raw.events\n  raw.events is already produced by the source declared at quill.hcl:12:1. A relation has exactly one producer: rename one of them.\n",
		},
		{
			name:  "syntax error position",
			files: map[string]string{"models/a/b.sql": "SELECT id,\n  name\nFROM raw.events\nWHERE id >> AND 1"},
			want:  "models/a/b.sql:4:13: error QL005: SQL: syntax error at or near \"AND\"\n",
		},
		{
			name:  "ambiguous bare name",
			files: map[string]string{"models/a/x.sql": "SELECT 1 AS v", "models/b/x.sql": "SELECT 2 AS v", "models/c/y.sql": "SELECT v FROM x"},
			want:  "models/c/y.sql:1:15: error QL002: ambiguous relation \"x\"\n  \"x\" could be any of a.x, b.x; qualify it with its schema.\n",
		},
		{
			name:  "all errors collected",
			files: map[string]string{"models/a/b.sql": "SELECT FROM FROM", "models/a/c.sql": "SELECT * FROM nope.nope", "models/x.sql": "SELECT 1"},
			want:  "models/a/b.sql:1:13: error QL005: SQL: syntax error at or near \"FROM\"\nmodels/a/c.sql:1:15: error QL002: unknown relation \"nope.nope\"\n  Nothing in this project produces \"nope.nope\" and no external source declares it.\nmodels/x.sql:1:1: error QL011: file is not at models/<schema>/<name>.sql\n  Each file under models/ builds the relation <schema>.<name> from its folder and file name; move it one level below models/.\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, got := compileMap(t, tt.files, Options{})
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("diagnostics (-want +got):\n%s", d)
			}
		})
	}
}

func TestCompileResolveRewriteLineage(t *testing.T) {
	files := map[string]string{
		"models/stg/user_events.sql": "SELECT user_id, kind FROM raw.events WHERE kind <> 'x'",
		"models/mart/daily.sql":      "WITH e AS (SELECT user_id, count(*) AS n FROM user_events GROUP BY user_id)\nSELECT user_id, n, 'k' AS label FROM e",
	}
	for _, tc := range []struct{ target, wantSQL string }{
		{"dev", "WITH e AS (SELECT user_id, count(*) AS n FROM stg.user_events GROUP BY user_id) SELECT user_id, n, 'k' AS label FROM e"},
		{"alice", "WITH e AS (SELECT user_id, count(*) AS n FROM dev_alice_stg.user_events GROUP BY user_id) SELECT user_id, n, 'k' AS label FROM e"},
	} {
		p, diags := compileMap(t, files, Options{Target: tc.target})
		if diags != "" {
			t.Fatal(diags)
		}
		daily := p.Node("mart.daily")
		if d := cmp.Diff([]string{"stg.user_events"}, daily.DependsOn); d != "" {
			t.Errorf("depends_on: %s", d)
		}
		if daily.CompiledSQL != tc.wantSQL {
			t.Errorf("%s compiled:\n%s\nwant\n%s", tc.target, daily.CompiledSQL, tc.wantSQL)
		}
		stg := p.Node("stg.user_events")
		if tc.target == "alice" && !strings.Contains(stg.CompiledSQL, "FROM raw.events") {
			t.Errorf("external source must be read in place: %s", stg.CompiledSQL)
		}
		want := []models.Column{
			{Name: "user_id", Type: "bigint", From: []string{"stg.user_events.user_id"}},
			{Name: "n", Type: "bigint", From: []string{}},
			{Name: "label", Type: "text", From: []string{}},
		}
		if d := cmp.Diff(want, daily.Columns); d != "" {
			t.Errorf("columns (-want +got):\n%s", d)
		}
	}
}

func TestFingerprintFollowsUpstream(t *testing.T) {
	files := map[string]string{
		"models/a/one.sql":  "SELECT user_id FROM raw.events",
		"models/a/two.sql":  "SELECT user_id FROM a.one",
		"models/b/solo.sql": "SELECT 1 AS x",
	}
	p1, _ := compileMap(t, files, Options{})
	files["models/a/one.sql"] = "SELECT user_id FROM raw.events WHERE user_id > 0"
	p2, _ := compileMap(t, files, Options{})
	for name, changed := range map[string]bool{"a.one": true, "a.two": true, "b.solo": false} {
		if got := p1.Node(name).Fingerprint != p2.Node(name).Fingerprint; got != changed {
			t.Errorf("%s: fingerprint changed = %v, want %v", name, got, changed)
		}
	}
	files["models/a/one.sql"] = "-- a comment\nselect   user_id from raw.events where user_id > 0;"
	p3, _ := compileMap(t, files, Options{})
	if p2.Node("a.one").Fingerprint != p3.Node("a.one").Fingerprint {
		t.Error("whitespace, comments and keyword case changed the fingerprint")
	}
	if p1.InputHash == p2.InputHash {
		t.Error("input hash did not change")
	}
}

package planner

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/quill-etl/quill/models"
)

// project: raw.events (external) → stg.events (model) → mart.daily (model); seed raw.countries.
func testProject() *models.Project {
	p := &models.Project{
		Name:      "t",
		Target:    models.Target{Name: "dev", Adapter: "duckdb", SchemaPrefix: "dev_"},
		InputHash: "in1",
		Nodes: []*models.Node{
			{Name: "mart.daily", Kind: models.KindModel, Materialized: "table", DependsOn: []string{"stg.events"}, CompiledSQL: "SELECT 1", Fingerprint: "f3", Tags: []string{"daily"}},
			{Name: "raw.countries", Kind: models.KindSeed, Materialized: "table", Fingerprint: "f4"},
			{Name: "raw.events", Kind: models.KindSource, Type: "external", Fingerprint: "f1"},
			{Name: "stg.events", Kind: models.KindModel, Materialized: "view", DependsOn: []string{"raw.events"}, CompiledSQL: "SELECT a\nFROM raw.events", Fingerprint: "f2"},
		},
	}
	return p
}

func stateOf(p *models.Project) State {
	st := State{Nodes: map[string]NodeState{}, Relations: map[string]string{}}
	for _, n := range p.Nodes {
		if !n.Builds() {
			continue
		}
		rel := p.Target.Physical(n)
		st.Nodes[n.Name] = NodeState{Name: n.Name, Relation: rel, Fingerprint: n.Fingerprint, SQL: n.CompiledSQL, Config: ConfigString(n)}
		st.Relations[rel] = "table"
	}
	return st
}

func actions(p *Plan) map[string]string {
	m := map[string]string{}
	for _, s := range p.Steps {
		m[s.Name] = string(s.Action) + ":" + s.Reason
	}
	return m
}

func TestBuild(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(p *models.Project, st *State)
		opts   Options
		want   map[string]string
		create int
	}{
		{
			name: "empty state creates everything",
			edit: func(p *models.Project, st *State) { *st = State{} },
			want: map[string]string{"mart.daily": "create:new", "raw.countries": "create:new", "raw.events": "unchanged:read in place", "stg.events": "create:new"},
		},
		{
			name: "same state is unchanged",
			edit: func(p *models.Project, st *State) {},
			want: map[string]string{"mart.daily": "unchanged:", "raw.countries": "unchanged:", "raw.events": "unchanged:read in place", "stg.events": "unchanged:"},
		},
		{
			name: "sql change replaces node and descendants",
			edit: func(p *models.Project, st *State) { p.Node("stg.events").CompiledSQL = "SELECT b\nFROM raw.events" },
			want: map[string]string{"mart.daily": "replace:upstream changed", "raw.countries": "unchanged:", "raw.events": "unchanged:read in place", "stg.events": "replace:SQL changed"},
		},
		{
			name: "config change",
			edit: func(p *models.Project, st *State) { p.Node("mart.daily").Materialized = "view" },
			want: map[string]string{"mart.daily": "replace:config changed", "raw.countries": "unchanged:", "raw.events": "unchanged:read in place", "stg.events": "unchanged:"},
		},
		{
			name: "missing relation is recreated",
			edit: func(p *models.Project, st *State) { delete(st.Relations, "dev_raw.countries") },
			want: map[string]string{"mart.daily": "unchanged:", "raw.countries": "create:relation missing in the target", "raw.events": "unchanged:read in place", "stg.events": "unchanged:"},
		},
		{
			name: "prune drops nodes no longer in the project",
			edit: func(p *models.Project, st *State) {
				st.Nodes["old.gone"] = NodeState{Name: "old.gone", Kind: "model", Relation: "dev_old.gone"}
			},
			opts: Options{Prune: true},
			want: map[string]string{"mart.daily": "unchanged:", "old.gone": "drop:no longer in the project", "raw.countries": "unchanged:", "raw.events": "unchanged:read in place", "stg.events": "unchanged:"},
		},
		{
			name: "selection limits steps",
			edit: func(p *models.Project, st *State) {},
			opts: Options{Select: []string{"+mart.daily"}, Refresh: true},
			want: map[string]string{"mart.daily": "replace:upstream changed", "raw.events": "unchanged:read in place", "stg.events": "replace:refresh requested"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := testProject()
			st := stateOf(testProject())
			tt.edit(p, &st)
			pl, diags := Build(p, st, tt.opts)
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			if d := cmp.Diff(tt.want, actions(pl)); d != "" {
				t.Errorf("actions (-want +got):\n%s", d)
			}
		})
	}
}

func TestSelect(t *testing.T) {
	p := testProject()
	st := stateOf(p)
	p.Node("stg.events").Fingerprint = "changed"
	tests := []struct {
		sel  string
		want []string
		err  string
	}{
		{"stg.events", []string{"stg.events"}, ""},
		{"events", []string{"raw.events", "stg.events"}, ""},
		{"raw.*", []string{"raw.countries", "raw.events"}, ""},
		{"+mart.daily", []string{"mart.daily", "raw.events", "stg.events"}, ""},
		{"raw.events+", []string{"mart.daily", "raw.events", "stg.events"}, ""},
		{"tag:daily", []string{"mart.daily"}, ""},
		{"state:modified", []string{"stg.events"}, ""},
		{"state:modified+", []string{"mart.daily", "stg.events"}, ""},
		{"tag:daily,raw.countries", []string{"mart.daily", "raw.countries"}, ""},
		{"nope.nothing", nil, `selector "nope.nothing" matches no node`},
		{"foo:bar", nil, "unknown selector method"},
	}
	for _, tt := range tests {
		sel, diags := Select(p, st, []string{tt.sel})
		if tt.err != "" {
			if !strings.Contains(diags.Error(), tt.err) {
				t.Errorf("%s: diags %v, want %q", tt.sel, diags, tt.err)
			}
			continue
		}
		var got []string
		for _, n := range p.Nodes {
			if sel[n.Name] {
				got = append(got, n.Name)
			}
		}
		if d := cmp.Diff(tt.want, got); d != "" {
			t.Errorf("%s (-want +got):\n%s", tt.sel, d)
		}
	}
}

func TestDiff(t *testing.T) {
	got := Diff("select a\nfrom t\nwhere x", "select a, b\nfrom t\nwhere x", 10)
	want := []string{"+ select a, b", "- select a"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	long := Diff("", strings.Repeat("x\n", 20), 3)
	if len(long) != 4 || long[3] != "… 17 more changed lines" {
		t.Errorf("cut: %q", long)
	}
}

func TestPlanFileRoundTripAndStale(t *testing.T) {
	p := testProject()
	st := stateOf(p)
	pl, _ := Build(p, State{}, Options{})
	b, err := Encode(pl)
	if err != nil {
		t.Fatal(err)
	}
	back, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(pl, back); d != "" {
		t.Errorf("round trip (-want +got):\n%s", d)
	}
	if why := Stale(back, "in1", State{}); why != "" {
		t.Errorf("fresh plan stale: %s", why)
	}
	if why := Stale(back, "in2", State{}); !strings.Contains(why, "project changed") {
		t.Errorf("want project changed, got %q", why)
	}
	if why := Stale(back, "in1", st); !strings.Contains(why, "state changed") {
		t.Errorf("want state changed, got %q", why)
	}
	if _, err := Decode([]byte(`{"version": 9}`)); err == nil || !strings.Contains(err.Error(), "version 9") {
		t.Errorf("version check: %v", err)
	}
	var out bytes.Buffer
	if err := WriteText(&out, pl); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Plan: 3 to create, 0 to replace, 1 unchanged, 0 to drop.") {
		t.Errorf("text:\n%s", out.String())
	}
}

package docsite

import (
	"sort"
	"strings"

	"github.com/quill-etl/quill/compiler"
	"github.com/quill-etl/quill/models"
)

// SiteVersion is the version of the data in data.js; the pages check it.
const SiteVersion = 1

// Site is everything the pages show; data.js holds it as JSON in one global.
// Nodes keep the manifest's order (sorted by name), and nodes and columns
// refer to each other by index, so the pages need no lookups by name.
type Site struct {
	Version int      `json:"version"`
	Project string   `json:"project"`
	Target  string   `json:"target"`
	Run     *RunInfo `json:"run,omitempty"` // the last run, when run_results.json was given
	Nodes   []Node   `json:"nodes"`
	// Edges are [upstream, downstream] node indices, sorted; Layout.Paths
	// follows the same order.
	Edges   [][2]int    `json:"edges"`
	Layout  *Layout     `json:"layout"`
	Schemas *SchemaView `json:"schemas"`
}

// RunInfo is the run that run_results.json describes.
type RunInfo struct {
	ID       string `json:"id"`
	Target   string `json:"target"`
	Status   string `json:"status"`
	Started  string `json:"started_at,omitempty"`
	Finished string `json:"finished_at,omitempty"`
}

// Node is one node of the site.
type Node struct {
	// ID is the node's address in the pages (#/node/ID): its name, or
	// "kind:name" when a sink shares its name with a relation.
	ID           string   `json:"id"`
	Name         string   `json:"name"`
	Kind         string   `json:"kind"`
	Type         string   `json:"type,omitempty"`
	Schema       string   `json:"schema"` // the part of the name before the dot; "" for sinks
	File         string   `json:"file"`
	Relation     string   `json:"relation,omitempty"`
	Materialized string   `json:"materialized,omitempty"`
	Description  string   `json:"description,omitempty"` // the SQL file's leading comment
	Tags         []string `json:"tags"`
	PrimaryKey   []string `json:"primary_key,omitempty"`
	Upstream     []int    `json:"upstream"`
	Downstream   []int    `json:"downstream"`
	// External lists what the node reads that is not a node of the project.
	External    []string `json:"external,omitempty"`
	RawSQL      string   `json:"raw_sql,omitempty"`
	CompiledSQL string   `json:"compiled_sql,omitempty"`
	// CompiledSame says the compiled SQL is the SQL as written (no macros,
	// no prefix); CompiledSQL is then left out, which halves data.js.
	CompiledSame bool       `json:"compiled_same,omitempty"`
	Columns      []Column   `json:"columns"`
	Checks       []Check    `json:"checks"`
	Run          *NodeRun   `json:"run,omitempty"`
	OtherChecks  []CheckRun `json:"other_checks,omitempty"` // results of the last run that match no check of the manifest
}

// ColumnRef is a column of the site: [node index, column index].
type ColumnRef [2]int

// Column is a node's column with its lineage both ways.
type Column struct {
	Name string      `json:"name"`
	Type string      `json:"type,omitempty"`
	From []ColumnRef `json:"from"` // the upstream columns it derives from
	To   []ColumnRef `json:"to"`   // the downstream columns derived from it
	// FromOther lists upstream columns the manifest names but no node of the
	// project has (a source declared without columns, say).
	FromOther []string `json:"from_other,omitempty"`
}

// Check is a check of the manifest and its result in the last run.
type Check struct {
	models.Check
	Result *CheckRun `json:"result,omitempty"`
}

// Build turns a compiled project's manifest, and optionally the last run's
// results, into the site's data, laid out with opt.
func Build(m *compiler.Manifest, runs *RunResults, opt LayoutOptions) *Site {
	s := &Site{Version: SiteVersion, Project: m.Project, Target: m.Target, Nodes: make([]Node, len(m.Nodes)), Edges: [][2]int{}}
	byRelation := map[string]int{} // relation-producing nodes (not sinks) by name
	for i, mn := range m.Nodes {
		if mn.Kind != models.KindSink {
			byRelation[mn.Name] = i
		}
	}
	for i, mn := range m.Nodes {
		s.Nodes[i] = newNode(mn, byRelation)
	}
	for i := range s.Nodes {
		for _, u := range s.Nodes[i].Upstream {
			s.Edges = append(s.Edges, [2]int{u, i})
			s.Nodes[u].Downstream = append(s.Nodes[u].Downstream, i)
		}
	}
	sort.Slice(s.Edges, func(a, b int) bool {
		if s.Edges[a][0] != s.Edges[b][0] {
			return s.Edges[a][0] < s.Edges[b][0]
		}
		return s.Edges[a][1] < s.Edges[b][1]
	})
	linkColumns(s.Nodes, m.Nodes, byRelation)
	if runs != nil {
		attachRuns(s, runs)
	}
	s.Layout = Layered(len(s.Nodes), s.Edges, opt)
	s.Schemas = schemaView(s, opt)
	return s
}

func newNode(mn compiler.ManifestNode, byRelation map[string]int) Node {
	n := Node{ID: mn.Name, Name: mn.Name, Kind: string(mn.Kind), Type: mn.Type, File: mn.File,
		Relation: mn.Relation, Materialized: mn.Materialized, Description: leadingComment(mn.RawSQL),
		Tags: mn.Tags, PrimaryKey: mn.PrimaryKey, Upstream: []int{}, Downstream: []int{},
		RawSQL: mn.RawSQL, CompiledSQL: mn.CompiledSQL, Columns: make([]Column, len(mn.Columns)), Checks: make([]Check, len(mn.Checks))}
	if n.RawSQL != "" && strings.TrimSpace(n.RawSQL) == strings.TrimSpace(n.CompiledSQL) {
		n.CompiledSQL, n.CompiledSame = "", true
	}
	if mn.Kind == models.KindSink {
		if _, clash := byRelation[mn.Name]; clash {
			n.ID = string(mn.Kind) + ":" + mn.Name
		}
	}
	if strings.Contains(mn.Name, ".") {
		n.Schema, _ = models.Relation(mn.Name)
	}
	if n.Tags == nil {
		n.Tags = []string{}
	}
	for _, d := range mn.DependsOn {
		if u, ok := byRelation[d]; ok {
			n.Upstream = append(n.Upstream, u)
		} else {
			n.External = append(n.External, d)
		}
	}
	sort.Ints(n.Upstream)
	for i, c := range mn.Checks {
		n.Checks[i] = Check{Check: c}
	}
	return n
}

// linkColumns resolves every column's "schema.name.column" upstreams to
// column references and fills the reverse (downstream) references.
func linkColumns(nodes []Node, mns []compiler.ManifestNode, byRelation map[string]int) {
	colIndex := make([]map[string]int, len(nodes))
	for i, mn := range mns {
		colIndex[i] = make(map[string]int, len(mn.Columns))
		for j, c := range mn.Columns {
			colIndex[i][c.Name] = j
		}
	}
	resolve := func(ref string) (ColumnRef, bool) {
		k := strings.LastIndexByte(ref, '.')
		if k < 0 {
			return ColumnRef{}, false
		}
		ni, ok := byRelation[ref[:k]]
		if !ok {
			return ColumnRef{}, false
		}
		ci, ok := colIndex[ni][ref[k+1:]]
		return ColumnRef{ni, ci}, ok
	}
	for i, mn := range mns {
		for j, c := range mn.Columns {
			col := Column{Name: c.Name, Type: c.Type, From: []ColumnRef{}, To: []ColumnRef{}}
			for _, f := range c.From {
				if r, ok := resolve(f); ok {
					col.From = append(col.From, r)
				} else {
					col.FromOther = append(col.FromOther, f)
				}
			}
			nodes[i].Columns[j] = col
		}
	}
	// Filled in a second pass, in node then column order, so To is sorted.
	for i := range nodes {
		for j := range nodes[i].Columns {
			for _, r := range nodes[i].Columns[j].From {
				up := &nodes[r[0]].Columns[r[1]]
				up.To = append(up.To, ColumnRef{i, j})
			}
		}
	}
}

// leadingComment is the description a model file gives itself: its leading
// "--" lines or its leading /* … */ block, without the markers.
func leadingComment(sql string) string {
	s := strings.TrimSpace(sql)
	if strings.HasPrefix(s, "/*") {
		if end := strings.Index(s, "*/"); end > 0 {
			return strings.TrimSpace(s[2:end])
		}
		return ""
	}
	var lines []string
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "--") {
			break
		}
		lines = append(lines, strings.TrimSpace(strings.TrimPrefix(line, "--")))
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

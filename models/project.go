package models

import (
	"sort"

	"github.com/quill-etl/quill/models/diag"
)

// Project is a compiled project: the output of the compiler, for one target.
type Project struct {
	Name          string
	DefaultTarget string
	Target        Target            // the target the project was compiled for
	Targets       map[string]Target // every declared target
	Nodes         []*Node           // sorted by Kind order then Name; see SortNodes
	Vars          map[string]string // resolved variables
	Files         map[string][]byte // every loaded file, for diagnostics snippets
	InputHash     string            // hash of every input file and option; plans made from other inputs are stale
	UnitTests     []UnitTest        // sorted by name
}

// Node returns the node with the given name, or nil.
func (p *Project) Node(name string) *Node {
	i := sort.Search(len(p.Nodes), func(i int) bool { return p.Nodes[i].Name >= name })
	if i < len(p.Nodes) && p.Nodes[i].Name == name {
		return p.Nodes[i]
	}
	for _, n := range p.Nodes { // sinks may share a name with a relation
		if n.Name == name {
			return n
		}
	}
	return nil
}

// SortNodes sorts nodes by name (and kind for equal names) so every artifact
// is deterministic.
func SortNodes(nodes []*Node) {
	sort.Slice(nodes, func(i, j int) bool {
		if nodes[i].Name != nodes[j].Name {
			return nodes[i].Name < nodes[j].Name
		}
		return nodes[i].Kind < nodes[j].Kind
	})
}

// Target is where relations physically live.
type Target struct {
	Name         string
	Adapter      string // duckdb | postgres | redshift
	Path         string // duckdb: database file, relative to the project
	DSN          string // postgres: connection string (a secret: never printed)
	Threads      int    // parallel nodes; default 4
	SchemaPrefix string // prepended to every schema except external sources'
	Retries      int    // retries of transient errors; default 2
	S3Stage      string // redshift: s3://bucket/prefix where bulk loads are staged
	IAMRole      string // redshift: ARN of the role the cluster assumes to read the stage
	S3Endpoint   string // redshift: base URL of an S3-compatible server instead of AWS (tests, MinIO)
	S3Region     string // redshift: the stage bucket's region (default: the AWS chain's)
}

// PhysicalSchema returns the schema a node's relation lives in on this target.
func (t Target) PhysicalSchema(n *Node, schema string) string {
	if n != nil && n.Kind == KindSource && n.Type == "external" {
		return schema
	}
	return t.SchemaPrefix + schema
}

// Physical returns the physical "schema.name" of a node on this target.
func (t Target) Physical(n *Node) string {
	s, r := Relation(n.Name)
	return t.PhysicalSchema(n, s) + "." + r
}

// UnitTest runs a model's SQL over fixture rows on the embedded engine and
// compares its output with expected rows.
type UnitTest struct {
	Name   string
	Model  string    // the model under test
	SQL    string    // the model's SQL with logical relation names (no schema_prefix)
	Given  []Fixture // one per input relation, with every column the producer has
	Expect Fixture   // only the columns the test names are compared
	Decl   diag.Range
}

// Fixture is a relation's rows for a unit test.
type Fixture struct {
	Relation string
	Columns  []Column
	Rows     [][]any // in Columns order: nil, bool, int64 or string
}

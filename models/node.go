package models

import (
	"sort"
	"strings"

	"github.com/quill-etl/quill/models/diag"
)

// Kind is what produces a node.
type Kind string

// The node kinds of SPEC §10.
const (
	KindModel  Kind = "model"
	KindSeed   Kind = "seed"
	KindSource Kind = "source"
	KindSink   Kind = "sink"
)

// Materializations of models (SPEC §4).
const (
	View        = "view"
	Table       = "table"
	Incremental = "incremental"
	Upsert      = "upsert"
)

// Node is one relation producer (model, seed, source) or a sink.
type Node struct {
	Name         string   // relation "schema.name"; for sinks the sink's name
	Kind         Kind     // model, seed, source, sink
	Type         string   // sources: "external", "postgres", "cassandra"; sinks: "nostos"
	File         string   // project-relative file that defines the node (SQL, CSV or HCL)
	Materialized string   // models: view|table|incremental|upsert; seeds and landed sources: table
	Tags         []string // sorted
	PrimaryKey   []string // declared key columns, in declared order
	UniqueKey    []string // incremental merge key
	DependsOn    []string // relation names this node reads, sorted, unique
	Refs         []Ref    // where each dependency is written, in source order
	RawSQL       string   // models: the file as written
	SQL          string   // models: after macro expansion, before target rewriting
	CompiledSQL  string   // models: rewritten for the target (schema_prefix applied)
	// IncrementalSQL is the compiled SQL of an incremental run (is_incremental()
	// true) of an incremental or upsert model; "" when the model does not call
	// is_incremental(), in which case every run uses CompiledSQL.
	IncrementalSQL string
	Map            *SourceMap
	Columns        []Column
	Checks         []Check
	Config         map[string]string // other settings that change what is built; part of the fingerprint
	Secrets        []string          // config keys whose values must never be printed
	Fingerprint    string            // hash of normalised SQL, config and upstream fingerprints
	Decl           diag.Range        // the HCL block or file that declares the node
}

// Ref is one written reference to a relation.
type Ref struct {
	Name string     // resolved relation name, "schema.name"
	At   diag.Range // where it is written, in the file the user wrote
}

// Column is an output column of a node.
type Column struct {
	Name string   `json:"name"`
	Type string   `json:"type,omitempty"` // warehouse type when known
	From []string `json:"from"`           // upstream "schema.name.column"s; empty for constants
}

// Check is a quality check attached to a node (SPEC §5, §10).
type Check struct {
	Kind     string   `json:"kind"`              // primary_key, row_count, not_null, unique, ...
	Name     string   `json:"name,omitempty"`    // custom: the test file, e.g. tests/no_orphans.sql
	Columns  []string `json:"columns,omitempty"` // columns the check is about
	Op       string   `json:"op,omitempty"`      // row_count: eq | le
	Of       string   `json:"of,omitempty"`      // row_count: the relation compared with
	Values   []string `json:"values,omitempty"`  // accepted_values
	Expr     string   `json:"expr,omitempty"`    // expression: the SQL condition every row must meet; custom: the test's SELECT, see GatePlaceholder
	Min      *int64   `json:"min,omitempty"`     // row_count: declared bounds
	Max      *int64   `json:"max,omitempty"`
	MaxAge   string   `json:"max_age,omitempty"` // freshness: as written, e.g. "26h"
	MaxAgeS  int64    `json:"max_age_seconds,omitempty"`
	Rule     string   `json:"rule"` // declared, or the inference rule
	Gate     bool     `json:"gate"` // blocks the swap when failing
	Severity string   `json:"severity,omitempty"`
}

// GatePlaceholder stands, in a custom check's SQL, for the relation the
// check gates: the runtime replaces it with the temporary relation being
// checked before a swap, or with the relation itself in `quill test`.
const GatePlaceholder = "__quill_gate__.__quill_gate__"

// Relation splits "schema.name" into its parts; a name without a dot has an
// empty schema.
func Relation(name string) (schema, rel string) {
	if i := strings.IndexByte(name, '.'); i >= 0 {
		return name[:i], name[i+1:]
	}
	return "", name
}

// IsRelation reports whether the node lands or builds a warehouse relation.
func (n *Node) IsRelation() bool { return n.Kind != KindSink }

// Builds reports whether apply creates the node's relation in the target;
// external sources are read in place and are never built.
func (n *Node) Builds() bool {
	return n.IsRelation() && !(n.Kind == KindSource && n.Type == "external")
}

// SourceMap maps offsets of macro-expanded SQL back to the file the user wrote.
// Segments are sorted by Exp and do not overlap.
type SourceMap struct {
	Segments []Segment `json:"segments"`
}

// Segment says that expanded bytes [Exp, Exp+Len) came from original bytes
// starting at Orig; when Verbatim is false the whole segment was produced by a
// macro call written at Orig and every offset in it maps to Orig.
type Segment struct {
	Exp      int  `json:"exp"`
	Len      int  `json:"len"`
	Orig     int  `json:"orig"`
	Verbatim bool `json:"verbatim"`
}

// Orig maps an offset of the expanded text to an offset of the original file.
// A nil map is the identity.
func (m *SourceMap) Orig(off int) int {
	if m == nil || len(m.Segments) == 0 {
		return off
	}
	i := sort.Search(len(m.Segments), func(i int) bool { return m.Segments[i].Exp+m.Segments[i].Len > off })
	if i == len(m.Segments) {
		last := m.Segments[len(m.Segments)-1]
		if last.Verbatim {
			return last.Orig + last.Len + (off - last.Exp - last.Len)
		}
		return last.Orig
	}
	s := m.Segments[i]
	if off < s.Exp {
		return s.Orig
	}
	if s.Verbatim {
		return s.Orig + off - s.Exp
	}
	return s.Orig
}

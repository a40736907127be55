package compiler

import (
	"bytes"
	"encoding/json"

	"github.com/quill-etl/quill/models"
)

// ManifestVersion is the version of target/manifest.json (SPEC §10).
const ManifestVersion = 1

// Manifest is the shape of target/manifest.json; see docs/artifacts.md.
type Manifest struct {
	Version int            `json:"version"`
	Project string         `json:"project"`
	Target  string         `json:"target"`
	Nodes   []ManifestNode `json:"nodes"`
}

// ManifestNode is one node of the manifest.
type ManifestNode struct {
	Name         string          `json:"name"`
	Kind         models.Kind     `json:"kind"`
	Type         string          `json:"type,omitempty"`
	File         string          `json:"file"`
	Relation     string          `json:"relation,omitempty"`
	Materialized string          `json:"materialized,omitempty"`
	Tags         []string        `json:"tags,omitempty"`
	PrimaryKey   []string        `json:"primary_key,omitempty"`
	DependsOn    []string        `json:"depends_on"`
	Fingerprint  string          `json:"fingerprint"`
	RawSQL       string          `json:"raw_sql,omitempty"`
	CompiledSQL  string          `json:"compiled_sql,omitempty"`
	Columns      []models.Column `json:"columns"`
	Checks       []models.Check  `json:"checks"`
}

// BuildManifest converts a compiled project to its manifest. Secrets are not
// part of nodes, so none can leak here.
func BuildManifest(p *models.Project) *Manifest {
	m := &Manifest{Version: ManifestVersion, Project: p.Name, Target: p.Target.Name, Nodes: []ManifestNode{}}
	for _, n := range p.Nodes {
		mn := ManifestNode{
			Name: n.Name, Kind: n.Kind, Type: n.Type, File: n.File, Materialized: n.Materialized,
			Tags: n.Tags, PrimaryKey: n.PrimaryKey, DependsOn: n.DependsOn, Fingerprint: n.Fingerprint,
			RawSQL: n.RawSQL, CompiledSQL: n.CompiledSQL, Columns: n.Columns, Checks: n.Checks,
		}
		if n.IsRelation() {
			mn.Relation = p.Target.Physical(n)
		}
		if mn.DependsOn == nil {
			mn.DependsOn = []string{}
		}
		if mn.Columns == nil {
			mn.Columns = []models.Column{}
		}
		for i := range mn.Columns {
			if mn.Columns[i].From == nil {
				mn.Columns[i].From = []string{}
			}
		}
		if mn.Checks == nil {
			mn.Checks = []models.Check{}
		}
		m.Nodes = append(m.Nodes, mn)
	}
	return m
}

// Encode renders the manifest as indented JSON with a final newline.
func (m *Manifest) Encode() ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // SQL has < and >; keep it readable
	enc.SetIndent("", "  ")
	if err := enc.Encode(m); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

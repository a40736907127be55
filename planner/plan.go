package planner

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"sort"

	"github.com/quill-etl/quill/models"
	"github.com/quill-etl/quill/models/diag"
)

// FormatVersion is the version of the plan file format.
const FormatVersion = 1

// Action is what apply does with a node.
type Action string

// The actions of a plan, rendered as + ~ = - .
const (
	Create    Action = "create"
	Replace   Action = "replace"
	Update    Action = "update" // incremental and upsert models: new rows merged into the table
	Unchanged Action = "unchanged"
	Drop      Action = "drop"
)

// NodeState is what the target recorded about a node after its last
// successful build (a row of quill_meta.nodes).
type NodeState struct {
	Name         string `json:"name"`
	Kind         string `json:"kind"`
	Relation     string `json:"relation"` // physical schema.name
	Materialized string `json:"materialized"`
	Fingerprint  string `json:"fingerprint"`
	SQL          string `json:"sql"`
	Config       string `json:"config"` // canonical JSON of the node's config
	RunID        string `json:"run_id"`
	Rows         int64  `json:"rows"`
	BuiltAt      string `json:"built_at"`
}

// State is a snapshot of a target: recorded node states and the relations
// that physically exist ("schema.name" → "table" or "view").
type State struct {
	Nodes     map[string]NodeState
	Relations map[string]string
}

// Hash returns a content hash of the state, so apply can refuse a plan made
// against another state.
func (s State) Hash() string {
	h := sha256.New()
	names := make([]string, 0, len(s.Nodes))
	for n := range s.Nodes {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		ns := s.Nodes[n]
		h.Write([]byte(n + "\x00" + ns.Fingerprint + "\x00" + ns.Relation + "\x00"))
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// Step is one node of the plan.
type Step struct {
	Name         string         `json:"name"`
	Kind         models.Kind    `json:"kind"`
	Type         string         `json:"type,omitempty"`
	Action       Action         `json:"action"`
	Reason       string         `json:"reason,omitempty"`
	Materialized string         `json:"materialized,omitempty"`
	Relation     string         `json:"relation,omitempty"` // physical name on the target
	DependsOn    []string       `json:"depends_on,omitempty"`
	Fingerprint  string         `json:"fingerprint"`
	Config       string         `json:"config,omitempty"`
	SQL          string         `json:"sql,omitempty"`
	IncrSQL      string         `json:"incremental_sql,omitempty"` // SQL of an update, when it differs from sql
	Key          []string       `json:"key,omitempty"`             // update: the merge key (none: append)
	Diff         []string       `json:"diff,omitempty"`            // short SQL diff for a replace
	Checks       []models.Check `json:"checks,omitempty"`
	Detail       string         `json:"detail,omitempty"` // extract sources: what the scan will read
}

// Runs reports whether apply executes the step.
func (s Step) Runs() bool { return s.Action != Unchanged }

// Summary counts steps per action.
type Summary struct {
	Create    int `json:"create"`
	Replace   int `json:"replace"`
	Update    int `json:"update"`
	Unchanged int `json:"unchanged"`
	Drop      int `json:"drop"`
}

// Plan is what apply will do on one target.
type Plan struct {
	Version   int     `json:"version"`
	Project   string  `json:"project"`
	Target    string  `json:"target"`
	Adapter   string  `json:"adapter"`
	InputHash string  `json:"input_hash"` // hash of the project's inputs
	StateHash string  `json:"state_hash"` // hash of the target state the plan was made against
	Steps     []Step  `json:"steps"`      // sorted by name
	Summary   Summary `json:"summary"`
}

// Options tune Build.
type Options struct {
	Select  []string // dbt-style selectors; empty selects everything
	Prune   bool     // drop relations recorded in the state that the project no longer has
	Refresh bool     // rebuild selected nodes even when unchanged
	// Sources describes what each extract source will read ("3 SSTables,
	// 12.4 MB, 4 splits") and each sink what it will write ("v4, drops v1");
	// cmd/quill gathers it through the adapters.
	Sources map[string]string
}

// Build compares p with st and returns the plan.
func Build(p *models.Project, st State, opts Options) (*Plan, diag.Diagnostics) {
	sel, diags := Select(p, st, opts.Select)
	if diags.HasErrors() {
		return nil, diags
	}
	pl := &Plan{
		Version:   FormatVersion,
		Project:   p.Name,
		Target:    p.Target.Name,
		Adapter:   p.Target.Adapter,
		InputHash: p.InputHash,
		StateHash: st.Hash(),
	}
	// A node is rebuilt when anything it reads is rebuilt, so actions are
	// decided in dependency order.
	order := models.TopoOrder(p.Nodes)
	rebuilt := map[string]bool{}
	for _, n := range order {
		if !sel[n.Name] {
			continue
		}
		step := stepFor(p, n, st, rebuilt, opts.Refresh)
		step.Detail = opts.Sources[n.Name]
		if step.Action != Unchanged {
			rebuilt[n.Name] = true
		}
		pl.Steps = append(pl.Steps, step)
	}
	if opts.Prune && len(opts.Select) == 0 {
		pl.Steps = append(pl.Steps, dropSteps(p, st)...)
	}
	sort.Slice(pl.Steps, func(i, j int) bool { return pl.Steps[i].Name < pl.Steps[j].Name })
	for _, s := range pl.Steps {
		switch s.Action {
		case Create:
			pl.Summary.Create++
		case Replace:
			pl.Summary.Replace++
		case Update:
			pl.Summary.Update++
		case Unchanged:
			pl.Summary.Unchanged++
		case Drop:
			pl.Summary.Drop++
		}
	}
	return pl, diags
}

func stepFor(p *models.Project, n *models.Node, st State, rebuilt map[string]bool, refresh bool) Step {
	s := Step{
		Name: n.Name, Kind: n.Kind, Type: n.Type, Materialized: n.Materialized,
		DependsOn: n.DependsOn, Fingerprint: n.Fingerprint, Config: ConfigString(n),
		SQL: n.CompiledSQL, IncrSQL: n.IncrementalSQL, Checks: n.Checks,
	}
	if n.IsRelation() {
		s.Relation = p.Target.Physical(n)
	}
	if n.Kind == models.KindSink {
		return sinkStep(n, s, st, rebuilt, refresh)
	}
	if !n.Builds() {
		s.Action, s.Reason = Unchanged, "read in place"
		return s
	}
	prev, ok := st.Nodes[n.Name]
	if ok && (n.Materialized == models.Incremental || n.Materialized == models.Upsert) && prev.Materialized == n.Materialized &&
		prev.Relation == s.Relation && (st.Relations == nil || st.Relations[s.Relation] != "") && !refresh {
		return updateStep(n, s, prev)
	}
	switch {
	case !ok:
		s.Action, s.Reason = Create, "new"
	case st.Relations != nil && st.Relations[s.Relation] == "":
		s.Action, s.Reason = Create, "relation missing in the target"
	case prev.Relation != s.Relation:
		s.Action, s.Reason = Create, "relation renamed from "+prev.Relation
	case prev.SQL != s.SQL:
		s.Action, s.Reason = Replace, "SQL changed"
		s.Diff = Diff(prev.SQL, s.SQL, 8)
	case prev.Config != s.Config:
		s.Action, s.Reason = Replace, "config changed"
	case prev.Fingerprint != s.Fingerprint || anyRebuilt(n.DependsOn, rebuilt):
		s.Action, s.Reason = Replace, "upstream changed"
	case n.Kind == models.KindSource:
		s.Action, s.Reason = Replace, "extract runs on every apply"
	case refresh:
		s.Action, s.Reason = Replace, "refresh requested"
		if n.Materialized == models.Incremental || n.Materialized == models.Upsert {
			s.Reason += ": full rebuild"
		}
	default:
		s.Action = Unchanged
	}
	return s
}

// sinkStep plans an export: a new version when the sink is new, when its
// definition or the relation it exports changed, or on --refresh.
func sinkStep(n *models.Node, s Step, st State, rebuilt map[string]bool, refresh bool) Step {
	prev, ok := st.Nodes[n.Name]
	switch {
	case !ok:
		s.Action, s.Reason = Create, "new dataset"
	case prev.Config != s.Config:
		s.Action, s.Reason = Update, "config changed: export a new version"
	case anyRebuilt(n.DependsOn, rebuilt) || prev.Fingerprint != s.Fingerprint:
		s.Action, s.Reason = Update, "upstream changed: export a new version"
	case refresh:
		s.Action, s.Reason = Update, "refresh requested: export a new version"
	default:
		s.Action = Unchanged
	}
	return s
}

// updateStep plans an incremental or upsert run on an existing table: its
// new rows are merged in; a changed definition applies to new rows only.
func updateStep(n *models.Node, s Step, prev NodeState) Step {
	s.Action, s.Reason = Update, n.Materialized+" run"
	s.Key = n.UniqueKey
	if n.Materialized == models.Upsert {
		s.Key = n.PrimaryKey
	}
	switch {
	case prev.SQL != s.SQL:
		s.Reason += " with changed SQL (applies to new rows; --refresh rebuilds)"
		s.Diff = Diff(prev.SQL, s.SQL, 8)
	case prev.Config != s.Config:
		s.Reason += " with changed config (--refresh rebuilds)"
	}
	return s
}

func anyRebuilt(deps []string, rebuilt map[string]bool) bool {
	for _, d := range deps {
		if rebuilt[d] {
			return true
		}
	}
	return false
}

func dropSteps(p *models.Project, st State) []Step {
	var out []Step
	for name, ns := range st.Nodes {
		if n := p.Node(name); n != nil && (n.Builds() || n.Kind == models.KindSink) {
			continue
		}
		out = append(out, Step{
			Name: name, Kind: models.Kind(ns.Kind), Action: Drop, Reason: "no longer in the project",
			Materialized: ns.Materialized, Relation: ns.Relation, Fingerprint: ns.Fingerprint,
		})
	}
	return out
}

// ConfigString renders the parts of a node's configuration that change what
// is built, canonically (sorted keys), secrets excluded.
func ConfigString(n *models.Node) string {
	secret := map[string]bool{}
	for _, k := range n.Secrets {
		secret[k] = true
	}
	cfg := map[string]any{"materialized": n.Materialized}
	if len(n.PrimaryKey) > 0 {
		cfg["primary_key"] = n.PrimaryKey
	}
	if len(n.UniqueKey) > 0 {
		cfg["unique_key"] = n.UniqueKey
	}
	for k, v := range n.Config {
		if !secret[k] {
			cfg[k] = v
		}
	}
	b, _ := json.Marshal(cfg) // maps marshal with sorted keys
	return string(b)
}

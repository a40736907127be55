package docsite

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
)

// RunResults is the part of target/run_results.json (docs/artifacts.md) the
// site shows. The site reads the artifact as any other tool would, through
// its documented shape, rather than importing the runtime and, with it, the
// database drivers.
type RunResults struct {
	Version  int       `json:"version"`
	RunID    string    `json:"run_id"`
	Target   string    `json:"target"`
	Status   string    `json:"status"`
	Started  string    `json:"started_at"`
	Finished string    `json:"finished_at"`
	Nodes    []NodeRun `json:"nodes"`
}

// NodeRun is what the last run did to one node.
type NodeRun struct {
	Name    string     `json:"name"`
	Status  string     `json:"status"`
	Action  string     `json:"action,omitempty"`
	Rows    int64      `json:"rows"`
	Seconds float64    `json:"seconds"`
	Retries int        `json:"retries"`
	Error   string     `json:"error,omitempty"`
	Reason  string     `json:"reason,omitempty"`
	Checks  []CheckRun `json:"checks,omitempty"`
}

// CheckRun is the outcome of one check in the last run.
type CheckRun struct {
	Kind     string   `json:"kind"`
	Columns  []string `json:"columns,omitempty"`
	Rule     string   `json:"rule,omitempty"`
	Status   string   `json:"status"` // pass | fail | warn | error
	Failures int64    `json:"failures"`
	Error    string   `json:"error,omitempty"`
}

// ReadRunResults reads a run_results.json; a missing file is no run (nil,
// nil), since a project that was never applied still has docs.
func ReadRunResults(path string) (*RunResults, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var r RunResults
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if r.Version != 1 {
		return nil, fmt.Errorf("%s: version %d, want 1", path, r.Version)
	}
	return &r, nil
}

// attachRuns gives each node its last run and each check its last result.
// A result matches the first unmatched check with the same kind, columns and
// rule; results that match none stay on the node as OtherChecks.
func attachRuns(s *Site, runs *RunResults) {
	s.Run = &RunInfo{ID: runs.RunID, Target: runs.Target, Status: runs.Status, Started: runs.Started, Finished: runs.Finished}
	byName := map[string][]int{} // a sink may share a relation's name
	for i, n := range s.Nodes {
		byName[n.Name] = append(byName[n.Name], i)
	}
	for _, nr := range runs.Nodes {
		for _, i := range byName[nr.Name] {
			n := &s.Nodes[i]
			if n.Run != nil {
				continue
			}
			run := nr
			run.Checks = nil // shown on the checks themselves
			n.Run = &run
			matchChecks(n, nr.Checks)
			break
		}
	}
}

func matchChecks(n *Node, results []CheckRun) {
	key := func(kind string, cols []string, rule string) string {
		return kind + "\x00" + strings.Join(cols, ",") + "\x00" + rule
	}
	for _, r := range results {
		matched := false
		for i := range n.Checks {
			c := &n.Checks[i]
			if c.Result == nil && key(c.Kind, c.Columns, c.Rule) == key(r.Kind, r.Columns, r.Rule) {
				c.Result = &r
				matched = true
				break
			}
		}
		if !matched {
			n.OtherChecks = append(n.OtherChecks, r)
		}
	}
}

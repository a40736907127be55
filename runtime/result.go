package runtime

import (
	"sort"
	"time"
)

// Status is the outcome of a node in a run.
type Status string

// The statuses of SPEC §10.
const (
	StatusSuccess   Status = "success"
	StatusError     Status = "error"
	StatusSkipped   Status = "skipped"
	StatusCancelled Status = "cancelled"
)

// NodeResult is what happened to one node.
type NodeResult struct {
	Name    string        `json:"name"`
	Status  Status        `json:"status"`
	Action  string        `json:"action"`
	Rows    int64         `json:"rows"`
	Seconds float64       `json:"seconds"`
	Retries int           `json:"retries"`
	Error   string        `json:"error,omitempty"`
	Reason  string        `json:"reason,omitempty"` // why it was skipped
	Checks  []CheckResult `json:"checks"`
}

// CheckResult is the outcome of one check of a node.
type CheckResult struct {
	Kind     string           `json:"kind"`
	Columns  []string         `json:"columns,omitempty"`
	Rule     string           `json:"rule"`
	Status   string           `json:"status"` // pass | fail | warn | error
	Failures int64            `json:"failures"`
	Error    string           `json:"error,omitempty"`
	Examples []map[string]any `json:"examples,omitempty"` // up to 10 failing rows
}

// Result is what a run did.
type Result struct {
	Version  int          `json:"version"`
	RunID    string       `json:"run_id"`
	Target   string       `json:"target"`
	Resumed  string       `json:"resumed_from,omitempty"`
	Status   string       `json:"status"` // success | error | cancelled
	Started  time.Time    `json:"started_at"`
	Finished time.Time    `json:"finished_at"`
	Nodes    []NodeResult `json:"nodes"`
}

// OK reports whether every node of the run succeeded.
func (r *Result) OK() bool { return r.Status == "success" }

func (r *Result) finish(results map[string]*NodeResult) {
	r.Nodes = r.Nodes[:0]
	r.Status = "success"
	for _, nr := range results {
		if nr.Checks == nil {
			nr.Checks = []CheckResult{}
		}
		r.Nodes = append(r.Nodes, *nr)
		switch nr.Status {
		case StatusError, StatusSkipped:
			if r.Status == "success" {
				r.Status = "error"
			}
		case StatusCancelled:
			r.Status = "cancelled"
		}
	}
	sort.Slice(r.Nodes, func(i, j int) bool { return r.Nodes[i].Name < r.Nodes[j].Name })
}

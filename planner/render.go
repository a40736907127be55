package planner

import (
	"fmt"
	"io"
	"strings"
)

// Symbol returns the one-character mark of an action.
func (a Action) Symbol() string {
	switch a {
	case Create:
		return "+"
	case Replace, Update:
		return "~"
	case Drop:
		return "-"
	}
	return "="
}

// WriteText renders the plan the way `quill plan` prints it: one line per node
// with its action and reason, the SQL diff of a replace, the checks of every
// node that will be built, and a summary. The output has no timestamps so it
// can be compared with golden files.
func WriteText(w io.Writer, p *Plan) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Plan for target %q (%s):\n\n", p.Target, p.Adapter)
	width := 0
	for _, s := range p.Steps {
		width = max(width, len(s.Name))
	}
	for _, s := range p.Steps {
		kind := string(s.Kind)
		if s.Type != "" && s.Kind != "model" {
			kind = s.Type + " " + kind
		}
		if s.Materialized != "" && s.Kind == "model" {
			kind += " (" + s.Materialized + ")"
		}
		line := fmt.Sprintf("  %s %-*s  %s", s.Action.Symbol(), width, s.Name, kind)
		if s.Reason != "" {
			line += ": " + s.Reason
		}
		if s.Relation != "" && s.Relation != s.Name {
			line += " (as " + s.Relation + ")"
		}
		b.WriteString(strings.TrimRight(line, " ") + "\n")
		switch {
		case s.Detail != "" && s.Kind == "sink" && s.Action == Unchanged:
		case s.Detail != "" && s.Kind == "sink":
			b.WriteString("      " + s.Detail + "\n")
		case s.Detail != "":
			b.WriteString("      reads " + s.Detail + "\n")
		}
		for _, d := range s.Diff {
			b.WriteString("        " + d + "\n")
		}
		// External sources are read in place, but their checks (freshness)
		// gate the models that read them.
		if (s.Runs() && s.Action != Drop) || s.Type == "external" {
			for _, c := range s.Checks {
				b.WriteString("      check " + CheckString(c) + "\n")
			}
		}
	}
	update := ""
	if p.Summary.Update > 0 {
		update = fmt.Sprintf(" %d to update,", p.Summary.Update)
	}
	fmt.Fprintf(&b, "\nPlan: %d to create, %d to replace,%s %d unchanged, %d to drop.\n",
		p.Summary.Create, p.Summary.Replace, update, p.Summary.Unchanged, p.Summary.Drop)
	_, err := io.WriteString(w, b.String())
	return err
}

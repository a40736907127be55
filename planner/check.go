package planner

import (
	"strconv"
	"strings"

	"github.com/quill-etl/quill/models"
)

// CheckString renders a check in one line, e.g.
// "primary_key(id) [declared]" or "row_count eq raw.users [projection]".
func CheckString(c models.Check) string {
	var b strings.Builder
	b.WriteString(c.Kind)
	if c.Name != "" {
		b.WriteString(" " + c.Name)
	}
	if len(c.Columns) > 0 {
		b.WriteString("(" + strings.Join(c.Columns, ", ") + ")")
	}
	if c.Op != "" {
		b.WriteString(" " + c.Op)
	}
	if c.Of != "" {
		b.WriteString(" " + c.Of)
	}
	if len(c.Values) > 0 {
		b.WriteString(" in [" + strings.Join(c.Values, ", ") + "]")
	}
	if c.Expr != "" && c.Kind != "custom" {
		b.WriteString(" " + c.Expr)
	}
	if c.Min != nil {
		b.WriteString(" min " + strconv.FormatInt(*c.Min, 10))
	}
	if c.Max != nil {
		b.WriteString(" max " + strconv.FormatInt(*c.Max, 10))
	}
	if c.MaxAge != "" {
		b.WriteString(" max_age " + c.MaxAge)
	}
	b.WriteString(" [" + c.Rule + "]")
	if !c.Gate || c.Severity == "warn" {
		b.WriteString(" (warn)")
	}
	return b.String()
}

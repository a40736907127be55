package compiler

import (
	"strings"

	"github.com/quill-etl/quill/models"
)

// sinkColumns gives every sink the columns it exports (its key and fields,
// or every column of the relation without fields), each derived from the
// column of the relation it reads, so lineage reaches the published dataset.
func (c *compilation) sinkColumns() {
	for _, n := range c.p.Nodes {
		if n.Kind != models.KindSink || len(n.DependsOn) != 1 {
			continue
		}
		from := c.byName[n.DependsOn[0]]
		if from == nil {
			continue
		}
		want := map[string]bool{}
		if f := n.Config["fields"]; f != "" {
			for _, k := range append(strings.Split(f, ","), n.PrimaryKey...) {
				want[k] = true
			}
		}
		n.Columns = nil
		for _, col := range from.Columns {
			if len(want) == 0 || want[col.Name] {
				n.Columns = append(n.Columns, models.Column{Name: col.Name, Type: col.Type, From: []string{from.Name + "." + col.Name}})
			}
		}
	}
}

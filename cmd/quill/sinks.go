package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/quill-etl/quill/adapters/nostos"
	"github.com/quill-etl/quill/models"
)

// sinkStore opens the project's embedded Nostos store when the project has
// sinks; nil otherwise. The caller closes it.
func sinkStore(project string, p *models.Project) (*nostos.Embedded, error) {
	for _, n := range p.Nodes {
		if n.Kind == models.KindSink {
			st, err := nostos.OpenEmbedded(nostosDir(project))
			if err != nil {
				return nil, fail(exitUser, "opening the Nostos store: %v", err)
			}
			return st, nil
		}
	}
	return nil, nil
}

// planDetails describes what extract sources will read and sinks will write.
func planDetails(ctx context.Context, project string, p *models.Project, store nostos.Reader) map[string]string {
	out := sourceDetails(project, p)
	if store == nil {
		return out
	}
	for _, n := range p.Nodes {
		if n.Kind != models.KindSink {
			continue
		}
		keep, _ := strconv.Atoi(n.Config["keep"])
		next, drops, err := nostos.NextVersion(ctx, store, n.Name, keep)
		if err != nil {
			out[n.Name] = "(cannot read the dataset: " + err.Error() + ")"
			continue
		}
		d := fmt.Sprintf("dataset %s: writes v%d", n.Name, next)
		if len(drops) > 0 {
			vs := make([]string, len(drops))
			for i, v := range drops {
				vs[i] = "v" + strconv.Itoa(v)
			}
			d += ", drops " + strings.Join(vs, ", ")
		}
		out[n.Name] = d
	}
	return out
}

package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/quill-etl/quill/adapters/nostos"
	"github.com/quill-etl/quill/adapters/nostos/cassandra"
	"github.com/quill-etl/quill/models"
)

// sinkStores opens the Nostos stores of a project's sinks as they are
// needed: the project's embedded store, and one Cassandra store per
// (hosts, keyspace) of the sinks' cassandra blocks. It is built in
// cmd/quill and handed to the runtime as Runner.Stores; Close closes every
// store it opened.
type sinkStores struct {
	project string
	mu      sync.Mutex
	stores  map[string]nostos.Store // "embedded" or "cassandra hosts/keyspace"
}

// sinkStore returns the project's sink stores when the project has sinks;
// nil otherwise. The caller closes it.
func sinkStore(project string, p *models.Project) (*sinkStores, error) {
	for _, n := range p.Nodes {
		if n.Kind == models.KindSink {
			return &sinkStores{project: project, stores: map[string]nostos.Store{}}, nil
		}
	}
	return nil, nil
}

// For opens (once) the store a sink node writes to.
func (s *sinkStores) For(ctx context.Context, n *models.Node) (nostos.Store, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := "embedded"
	if n.Config["store"] == "cassandra" {
		id = "cassandra " + n.Config["hosts"] + "/" + n.Config["keyspace"]
	}
	if st := s.stores[id]; st != nil {
		return st, nil
	}
	var st nostos.Store
	var err error
	if id == "embedded" {
		st, err = nostos.OpenEmbedded(nostosDir(s.project))
	} else {
		st, err = cassandra.Open(ctx, cassandra.Options{Hosts: splitHosts(n.Config["hosts"]), Keyspace: n.Config["keyspace"], Bulk: n.Config["bulk"]})
	}
	if err != nil {
		return nil, fail(exitUser, "opening the Nostos store of sink %s: %v", n.Name, err)
	}
	s.stores[id] = st
	return st, nil
}

// Close closes every store opened.
func (s *sinkStores) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	var errs []error
	for id, st := range s.stores {
		errs = append(errs, st.Close())
		delete(s.stores, id)
	}
	return errors.Join(errs...)
}

// splitHosts splits a comma-separated host list, dropping blanks.
func splitHosts(s string) []string {
	var out []string
	for _, h := range strings.Split(s, ",") {
		if h = strings.TrimSpace(h); h != "" {
			out = append(out, h)
		}
	}
	return out
}

// planDetails describes what extract sources will read and sinks will write.
func planDetails(ctx context.Context, project string, p *models.Project, store *sinkStores) map[string]string {
	out := sourceDetails(project, p)
	if store == nil {
		return out
	}
	for _, n := range p.Nodes {
		if n.Kind != models.KindSink {
			continue
		}
		keep, _ := strconv.Atoi(n.Config["keep"])
		st, err := store.For(ctx, n)
		if err != nil {
			out[n.Name] = "(cannot read the dataset: " + err.Error() + ")"
			continue
		}
		next, drops, err := nostos.NextVersion(ctx, st, n.Name, keep)
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

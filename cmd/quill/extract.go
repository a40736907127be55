package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"time"

	"github.com/quill-etl/quill/adapters"
	"github.com/quill-etl/quill/adapters/cassandra/source"
	"github.com/quill-etl/quill/adapters/extract"
	"github.com/quill-etl/quill/models"
)

// extractOpener opens the read of an extract source for the runtime.
func extractOpener(project string) func(context.Context, *models.Node) (adapters.Extract, error) {
	return func(ctx context.Context, n *models.Node) (adapters.Extract, error) {
		switch n.Type {
		case "cassandra":
			spec, err := cassandraSpec(project, n)
			if err != nil {
				return nil, err
			}
			return source.Open(ctx, spec)
		case extract.KindPostgres, extract.KindMySQL:
			src, err := extract.Open(ctx, n.Type, n.Config["dsn"])
			if err != nil {
				return nil, err
			}
			ex, err := src.Extract(ctx, n.Config["query"])
			if err != nil {
				src.Close()
				return nil, err
			}
			o := &oltpExtract{Extract: ex, src: src, query: n.Config["query"]}
			if cs, ok := ex.(adapters.CopySource); ok {
				return &copyExtract{oltpExtract: o, cs: cs}, nil
			}
			return o, nil
		}
		return nil, fmt.Errorf("no extract adapter for %q sources", n.Type)
	}
}

// oltpExtract closes the source connection with its rows, and verifies
// what landed with a sampled diff against the source.
type oltpExtract struct {
	adapters.Extract
	src   *extract.Source
	query string
}

// copyExtract is an oltpExtract that can also hand over its rows as COPY
// text (a PostgreSQL source), for a warehouse that loads that as it is.
type copyExtract struct {
	*oltpExtract
	cs adapters.CopySource
}

// CopyText implements adapters.CopySource.
func (c *copyExtract) CopyText(ctx context.Context, w io.Writer) (int64, error) {
	return c.cs.CopyText(ctx, w)
}

// Verify compares extract.DefaultSample landed rows with the source, exactly.
func (o *oltpExtract) Verify(ctx context.Context, wh adapters.Warehouse, rel adapters.RelName, key []string) (adapters.Verification, error) {
	rep, err := extract.SampleDiff(ctx, o.src, o.query, wh, rel, key, extract.DefaultSample, 0)
	v := adapters.Verification{Sampled: rep.Sampled, Mismatched: rep.Mismatched, Missing: rep.Missing}
	for _, ex := range rep.Examples {
		v.Examples = append(v.Examples, map[string]any{"key": ex.Key, "column": ex.Column, "missing": ex.Missing,
			"source": ex.Source, "warehouse": ex.Warehouse})
	}
	return v, err
}

func (o *oltpExtract) Close() error {
	err := o.Extract.Close()
	if cerr := o.src.Close(); err == nil {
		err = cerr
	}
	return err
}

// cassandraSpec reads a cassandra source's settings; paths are relative to
// the project, s3:// URLs are not paths. s3_endpoint names an S3-compatible
// server (MinIO); credentials never come from the project but from the AWS
// default chain.
func cassandraSpec(project string, n *models.Node) (source.Spec, error) {
	abs := func(p string) string {
		if p == "" || filepath.IsAbs(p) || source.IsS3(p) {
			return p
		}
		return filepath.Join(project, p)
	}
	spec := source.Spec{Dirs: []string{abs(n.Config["snapshot"])}, SchemaFile: abs(n.Config["schema"]),
		S3: source.S3Options{Endpoint: n.Config["s3_endpoint"]}}
	if v := n.Config["as_of"]; v != "" {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			return spec, fmt.Errorf("as_of %q: %v", v, err)
		}
		spec.AsOf = t
	}
	if v := n.Config["splits"]; v != "" {
		k, err := strconv.Atoi(v)
		if err != nil || k < 1 {
			return spec, fmt.Errorf("splits %q: want a positive integer", v)
		}
		spec.Splits = k
	}
	return spec, nil
}

// sourceDetails describes, for plans, what each cassandra source will read.
func sourceDetails(project string, p *models.Project) map[string]string {
	out := map[string]string{}
	for _, n := range p.Nodes {
		if n.Kind != models.KindSource || n.Type != "cassandra" {
			continue
		}
		spec, err := cassandraSpec(project, n)
		if err != nil {
			out[n.Name] = "(" + err.Error() + ")"
			continue
		}
		info, err := source.Describe(spec)
		if err != nil {
			out[n.Name] = "(cannot list the snapshot: " + err.Error() + ")"
			continue
		}
		out[n.Name] = fmt.Sprintf("%d SSTables, %s, %d splits", info.SSTables, humanBytes(info.Bytes), info.Splits)
	}
	return out
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

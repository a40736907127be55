package compiler

import (
	"errors"
	"fmt"
	"io/fs"
	"path"

	"github.com/quill-etl/quill/adapters/cassandra/cql"
	"github.com/quill-etl/quill/compiler/load"
	"github.com/quill-etl/quill/models"
	"github.com/quill-etl/quill/models/diag"
)

// cassandraSchemas gives every cassandra source its columns, with warehouse
// types, and its primary key from the CQL CREATE TABLE its schema names, so
// models that read it get lineage and key inference. The schema file is an
// input of the compilation (a diagnostic points into it when it is wrong).
func (c *compilation) cassandraSchemas() diag.Diagnostics {
	var diags diag.Diagnostics
	for _, s := range c.cfg.Sources {
		if s.Type != load.SourceCassandra || s.Schema == "" {
			continue
		}
		n := c.byName[s.Name]
		if n == nil || n.Kind != models.KindSource {
			continue
		}
		file := path.Clean(s.Schema)
		b, err := fs.ReadFile(c.fsys, file)
		if err != nil {
			at := s.Attrs["schema"]
			diags = diags.Append(diag.Diagnostic{Severity: diag.Error, Code: "QL017", Subject: &at, Addr: s.Name,
				Summary: fmt.Sprintf("cannot read the CQL schema %s", s.Schema), Detail: err.Error()})
			continue
		}
		c.in.all[file] = b
		t, err := cql.ParseTable(string(b))
		if err != nil {
			off := 0
			var se *cql.SyntaxError
			if errors.As(err, &se) {
				off = se.Offset
			}
			d := diag.At("QL017", file, b, off, off+1, "CQL: "+err.Error(), "The schema of a cassandra source is one CQL CREATE TABLE statement.")
			d.Addr = s.Name
			diags = diags.Append(d)
			continue
		}
		n.Columns = n.Columns[:0]
		for _, col := range t.Columns {
			n.Columns = append(n.Columns, models.Column{Name: col.Name, Type: cql.WarehouseType(col.Type), From: []string{}})
		}
		var key []string
		for _, k := range append(t.KeyColumns(cql.PartitionKey), t.KeyColumns(cql.Clustering)...) {
			key = append(key, k.Name)
		}
		n.PrimaryKey = key
		n.Checks = append(n.Checks, models.Check{Kind: "primary_key", Columns: key, Rule: "source_key", Gate: true})
		n.Config["schema_content"] = contentHash(b)
	}
	return diags
}

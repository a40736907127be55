package compiler

import (
	"context"
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"github.com/quill-etl/quill/compiler/load"
	"github.com/quill-etl/quill/compiler/sqlparse"
	"github.com/quill-etl/quill/macros"
	"github.com/quill-etl/quill/models"
	"github.com/quill-etl/quill/models/diag"
)

// compilation is the state of one Compile call.
type compilation struct {
	p      *models.Project
	cfg    *load.Config
	in     *inputs
	fsys   fs.FS
	lib    *macros.Library
	opts   Options
	byName map[string]*models.Node       // relation producers by name
	parsed map[*models.Node]*parsedModel // models that parsed
	bare   map[string]string             // bare relation name → full name ("" when ambiguous)
}

// parsedModel is a model's parse result, kept for later passes.
type parsedModel struct {
	q       *sqlparse.Query
	refs    []sqlparse.RelRef
	incr    *sqlparse.Query // the is_incremental() variant, if the model has one
	incrSQL string
}

// declare creates a node for every source, seed, model and sink, and
// reports relations with two producers.
func (c *compilation) declare() diag.Diagnostics {
	var diags diag.Diagnostics
	for _, s := range c.cfg.Sources {
		diags = diags.Append(c.add(sourceNode(s)))
	}
	seedCfg := map[string]*load.Seed{}
	for _, s := range c.cfg.Seeds {
		seedCfg[s.Name] = s
	}
	for _, f := range c.in.seeds {
		n, ds := c.seedNode(f, seedCfg[relationOf(f)])
		diags = diags.Append(ds)
		delete(seedCfg, relationOf(f))
		if n != nil {
			diags = diags.Append(c.add(n))
		}
	}
	for _, s := range seedCfg {
		diags = diags.Append(orphan("seed", s.Name, "seeds/"+strings.Replace(s.Name, ".", "/", 1)+".csv", s.Decl))
	}
	modelCfg := map[string]*load.Model{}
	for _, m := range c.cfg.Models {
		modelCfg[m.Name] = m
	}
	for _, f := range c.in.models {
		name := relationOf(f)
		n, ds := c.modelNode(f, name, modelCfg[name])
		delete(modelCfg, name)
		diags = diags.Append(ds, c.add(n))
	}
	for _, m := range modelCfg {
		diags = diags.Append(orphan("model", m.Name, "models/"+strings.Replace(m.Name, ".", "/", 1)+".sql", m.Decl))
	}
	for _, s := range c.cfg.Sinks {
		c.p.Nodes = append(c.p.Nodes, sinkNode(s))
	}
	return diags
}

func orphan(kind, name, file string, at diag.Range) diag.Diagnostic {
	return diag.Diagnostic{Severity: diag.Error, Code: "QL013", Subject: &at,
		Summary: fmt.Sprintf("%s block %q has no file %s", kind, name, file),
		Detail:  fmt.Sprintf("A %s block configures %s; create the file or remove the block.", kind, file)}
}

// add registers a relation producer; a second producer of one relation is a
// diagnostic at the second declaration.
func (c *compilation) add(n *models.Node) diag.Diagnostics {
	if prev, ok := c.byName[n.Name]; ok {
		at := n.Decl
		return diag.Diagnostics{{Severity: diag.Error, Code: "QL003", Subject: &at, Addr: n.Name,
			Summary: fmt.Sprintf("duplicate producer of %s", n.Name),
			Detail: fmt.Sprintf("%s is already produced by the %s declared at %s. A relation has exactly one producer: rename one of them.",
				n.Name, prev.Kind, prev.Decl.String())}}
	}
	c.byName[n.Name] = n
	c.p.Nodes = append(c.p.Nodes, n)
	return nil
}

func sourceNode(s *load.Source) *models.Node {
	n := &models.Node{Name: s.Name, Kind: models.KindSource, Type: s.Type, File: s.Decl.Filename,
		PrimaryKey: s.PrimaryKey, Decl: s.Decl, Config: map[string]string{}, Secrets: s.Secrets}
	for _, col := range s.Columns {
		n.Columns = append(n.Columns, models.Column{Name: col.Name, Type: col.Type, From: []string{}})
	}
	for k, v := range s.Extra {
		n.Config[k] = v
	}
	// dsn is listed in s.Secrets: plans, manifests and output leave it out.
	for k, v := range map[string]string{"query": s.Query, "snapshot": s.Snapshot, "schema": s.Schema, "as_of": s.AsOf, "dsn": s.DSN} {
		if v != "" {
			n.Config[k] = v
		}
	}
	if s.Type != load.SourceExternal {
		n.Materialized = models.Table
	}
	if len(s.PrimaryKey) > 0 {
		n.Checks = append(n.Checks, models.Check{Kind: "primary_key", Columns: s.PrimaryKey, Rule: "source_key", Gate: true})
	}
	if f := s.Freshness; f != nil {
		n.Checks = append(n.Checks, models.Check{Kind: "freshness", Columns: []string{f.Column}, MaxAge: f.MaxAge,
			MaxAgeS: int64(f.MaxAgeDur.Seconds()), Rule: "declared", Gate: true})
	}
	return n
}

func sinkNode(s *load.Sink) *models.Node {
	n := &models.Node{Name: s.Name, Kind: models.KindSink, Type: s.Type, File: s.Decl.Filename, Decl: s.Decl,
		PrimaryKey: s.Key, Config: map[string]string{"store": s.Store, "keep": fmt.Sprint(s.Keep)}}
	if len(s.Fields) > 0 {
		n.Config["fields"] = strings.Join(s.Fields, ",")
	}
	if s.Collect != "" {
		n.Config["collect"] = s.Collect
	}
	// The cassandra block travels in Config (plain strings, like every
	// node option) so that apply can open the sink's store from the node
	// alone; hosts are comma-joined (a host never contains a comma).
	if c := s.Cassandra; c != nil {
		n.Config["hosts"] = strings.Join(c.Hosts, ",")
		n.Config["keyspace"] = c.Keyspace
		if c.Bulk != "" {
			n.Config["bulk"] = c.Bulk
		}
	}
	if s.From != "" {
		n.DependsOn = []string{s.From}
		n.Refs = []models.Ref{{Name: s.From, At: s.Attrs["from"]}}
	}
	return n
}

// modelNode builds a model from its SQL file and optional HCL block.
func (c *compilation) modelNode(file, name string, cfg *load.Model) (*models.Node, diag.Diagnostics) {
	src := c.in.all[file]
	if src == nil {
		b, err := fs.ReadFile(c.fsys, file)
		if err != nil {
			return nil, diag.Diagnostics{diag.Errorf("QL010", "cannot read %s: %v", file, err)}
		}
		c.in.all[file] = b
		src = b
	}
	n := &models.Node{Name: name, Kind: models.KindModel, File: file, RawSQL: string(src), Materialized: models.Table,
		Decl: diag.RangeOf(file, src, 0, 0), Config: map[string]string{}}
	var diags diag.Diagnostics
	if cfg != nil {
		if cfg.Materialized != "" {
			n.Materialized = cfg.Materialized
		}
		n.PrimaryKey, n.UniqueKey, n.Tags = cfg.PrimaryKey, cfg.UniqueKey, cfg.Tags
		for _, d := range cfg.DependsOn {
			n.Refs = append(n.Refs, models.Ref{Name: d, At: cfg.Attrs["depends_on"]})
		}
		n.Checks = append(n.Checks, declaredChecks(cfg)...)
	}
	return n, diags
}

// declaredChecks turns a model block's primary_key and assert blocks into checks.
func declaredChecks(m *load.Model) []models.Check {
	var out []models.Check
	if len(m.PrimaryKey) > 0 {
		out = append(out, models.Check{Kind: "primary_key", Columns: m.PrimaryKey, Rule: "declared", Gate: true})
	}
	for _, a := range m.Asserts {
		ch := models.Check{Kind: a.Kind, Columns: a.Columns, Values: a.Values, Expr: a.Expression, Rule: "declared",
			Gate: a.Severity != "warn", Severity: a.Severity}
		switch a.Kind {
		case load.AssertRelationships:
			ch.Of = a.To
		case load.AssertRowCount:
			ch.Min, ch.Max = a.Min, a.Max
		case load.AssertFreshness:
			ch.MaxAge, ch.MaxAgeS = a.MaxAge, int64(a.MaxAgeDur.Seconds())
		}
		out = append(out, ch)
	}
	return out
}

// parseModels expands and parses every model, several at once.
func (c *compilation) parseModels(ctx context.Context) diag.Diagnostics {
	var ms []*models.Node
	for _, n := range c.p.Nodes {
		if n.Kind == models.KindModel {
			ms = append(ms, n)
		}
	}
	results := make([]*parsedModel, len(ms))
	diagsOf := make([]diag.Diagnostics, len(ms))
	parallel(ctx, len(ms), c.opts.Workers, func(i int) {
		results[i], diagsOf[i] = c.parseModel(ms[i])
	})
	c.parsed = map[*models.Node]*parsedModel{}
	var diags diag.Diagnostics
	for i, n := range ms {
		diags = diags.Append(diagsOf[i])
		if results[i] != nil {
			c.parsed[n] = results[i]
		}
	}
	return diags
}

func (c *compilation) parseModel(n *models.Node) (*parsedModel, diag.Diagnostics) {
	src := []byte(n.RawSQL)
	env := macros.Env{
		This: c.p.Target.Physical(n), TargetName: c.p.Target.Name, TargetAdapter: c.p.Target.Adapter,
		SchemaPrefix: c.p.Target.SchemaPrefix, Vars: c.cfg.Vars, Environ: c.opts.Env,
	}
	sql, smap, diags := macros.Expand(n.File, src, c.lib, env)
	if diags.HasErrors() {
		return nil, diags
	}
	n.SQL, n.Map = sql, smap
	q, err := sqlparse.Parse(sql)
	if err != nil {
		return nil, diags.Append(c.sqlError(n, err))
	}
	pm := &parsedModel{q: q, refs: q.Relations()}
	if (n.Materialized == models.Incremental || n.Materialized == models.Upsert) && macros.UsesIsIncremental(src, c.lib) {
		// The incremental variant must read nothing the full build does not
		// (is_incremental() usually adds a filter on {{ this }}), so only
		// its SQL is kept; dependencies come from the full build.
		env.Incremental = true
		isql, imap, ds := macros.Expand(n.File, src, c.lib, env)
		if ds.HasErrors() {
			return nil, diags.Append(ds)
		}
		if pm.incr, err = sqlparse.Parse(isql); err != nil {
			return nil, diags.Append(c.sqlError(&models.Node{Name: n.Name, File: n.File, RawSQL: n.RawSQL, Map: imap}, err))
		}
		pm.incrSQL = isql
	}
	return pm, diags
}

// sqlError reports a parse error at its position in the file the user wrote.
func (c *compilation) sqlError(n *models.Node, err error) diag.Diagnostic {
	off, msg := 0, err.Error()
	if se, ok := err.(*sqlparse.SyntaxError); ok {
		off, msg = se.Offset, se.Msg
	}
	orig := n.Map.Orig(off)
	d := diag.At("QL005", n.File, []byte(n.RawSQL), orig, orig+1, "SQL: "+msg, "")
	d.Addr = n.Name
	return d
}

// sortedKeys returns a map's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

package compiler

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"sort"

	"github.com/quill-etl/quill/compiler/load"
	"github.com/quill-etl/quill/macros"
	"github.com/quill-etl/quill/models"
	"github.com/quill-etl/quill/models/diag"
)

// Options are the inputs of a compilation that do not come from files.
type Options struct {
	Target  string            // target name; "" means the project's default_target
	Vars    map[string]string // --var overrides
	Env     map[string]string // the environment env() reads
	Workers int               // parallel model parsing; default 4
}

// Compile reads the project in fsys and compiles it for one target. The
// project is nil only when nothing usable could be read; with errors it may
// be partial, for tools that show what they can.
func Compile(ctx context.Context, fsys fs.FS, opts Options) (*models.Project, diag.Diagnostics) {
	in, diags := readInputs(fsys)
	if in == nil {
		return nil, diags
	}
	cfg, ds := load.Load(in.hcl, load.Options{Env: opts.Env, Vars: opts.Vars})
	diags = diags.Append(ds)
	if cfg == nil {
		return nil, diags
	}
	p := &models.Project{Files: in.all, Vars: cfg.Vars, Targets: map[string]models.Target{}}
	if cfg.Project != nil {
		p.Name, p.DefaultTarget = cfg.Project.Name, cfg.Project.DefaultTarget
	}
	for _, t := range cfg.Targets {
		p.Targets[t.Name] = t.Model()
	}
	tgt, ds := pickTarget(cfg, opts.Target)
	diags = diags.Append(ds)
	p.Target = tgt
	lib, ds := macros.ParseLibrary(in.macros)
	diags = diags.Append(ds)

	c := &compilation{p: p, cfg: cfg, in: in, fsys: fsys, lib: lib, opts: opts, byName: map[string]*models.Node{}}
	diags = diags.Append(c.declare())
	diags = diags.Append(c.cassandraSchemas())
	diags = diags.Append(c.parseModels(ctx))
	diags = diags.Append(c.resolve())
	order, ds := c.graph()
	diags = diags.Append(ds)
	if !diags.HasErrors() {
		diags = diags.Append(c.infer(order))
		c.sinkColumns()
		diags = diags.Append(c.rewrite())
		diags = diags.Append(c.unitTests())
		diags = diags.Append(c.customTests(order))
		c.fingerprint(order)
	}
	models.SortNodes(p.Nodes)
	p.InputHash = inputHash(p, in, opts)
	diags.Sort()
	return p, diags
}

// pickTarget chooses the named target or the project's default.
func pickTarget(cfg *load.Config, name string) (models.Target, diag.Diagnostics) {
	fromDefault := name == "" && cfg.Project != nil && cfg.Project.DefaultTarget != ""
	if name == "" && cfg.Project != nil {
		name = cfg.Project.DefaultTarget
	}
	var names []string
	for _, t := range cfg.Targets {
		if t.Name == name {
			return t.Model(), nil
		}
		names = append(names, t.Name)
	}
	if name == "" {
		if len(cfg.Targets) == 1 {
			return cfg.Targets[0].Model(), nil
		}
		return models.Target{}, diag.Diagnostics{diag.Errorf("QL012", "no target given and the project sets no default_target")}
	}
	if fromDefault {
		return models.Target{Name: name}, nil // the loader reports an unknown default_target (QL112)
	}
	d := diag.Errorf("QL012", "unknown target %q (given with --target)", name)
	if s := suggest(name, names); s != "" {
		d.Detail = "Did you mean \"" + s + "\"?"
	}
	return models.Target{Name: name}, diag.Diagnostics{d}
}

// inputHash identifies the inputs of a compilation: a saved plan is stale
// when it differs.
func inputHash(p *models.Project, in *inputs, opts Options) string {
	h := sha256.New()
	names := make([]string, 0, len(in.all))
	for n := range in.all {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		h.Write([]byte(n + "\x00"))
		h.Write(in.all[n])
		h.Write([]byte{0})
	}
	h.Write([]byte("target\x00" + p.Target.Name + "\x00"))
	for _, n := range p.Nodes {
		h.Write([]byte(n.Name + "\x00" + n.Fingerprint + "\x00"))
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

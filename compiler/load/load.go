package load

import (
	"fmt"
	"sort"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/quill-etl/quill/models/diag"
)

// loader holds the state of one Load call.
type loader struct {
	files map[string][]byte
	opts  Options
	ctx   *hcl.EvalContext
	diags diag.Diagnostics
	cfg   *Config
	seen  map[string]diag.Range // kind\x00name -> first declaration
	lines map[string]lineIndex  // per file, built on first use
	// broken marks files with syntax errors: missing arguments there are
	// likely parse damage, not the user's omission.
	broken map[string]bool

	defaultTarget *hcl.Attribute // the project's default_target, checked once targets are known
}

// topSchema lists the top-level blocks of a quill HCL file.
func topSchema() *hcl.BodySchema {
	return &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{
		{Type: "project", LabelNames: []string{"name"}},
		{Type: "target", LabelNames: []string{"name"}},
		{Type: "variables"},
		{Type: "source", LabelNames: []string{"type", "relation"}},
		{Type: "seed", LabelNames: []string{"relation"}},
		{Type: "model", LabelNames: []string{"relation"}},
		{Type: "sink", LabelNames: []string{"type", "name"}},
		{Type: "unit_test", LabelNames: []string{"name"}},
	}}
}

// Load decodes every HCL file of a project. files maps project-relative
// paths (forward slashes) of the *.hcl files in the project root to their
// bytes. The Config is returned even when there are errors, holding what
// could be decoded, so that callers can report more; diagnostics are sorted.
func Load(files map[string][]byte, opts Options) (*Config, diag.Diagnostics) {
	l := &loader{files: files, opts: opts, cfg: &Config{}, seen: map[string]diag.Range{}, broken: map[string]bool{}}
	blocks := l.parseAll()
	l.loadVariables(blocks["variables"])
	l.ctx = evalContext(opts.Env, l.cfg.Vars)
	l.loadProject(blocks["project"])
	for _, b := range blocks["target"] {
		l.loadTarget(b)
	}
	l.checkDefaultTarget()
	for _, b := range blocks["source"] {
		l.loadSource(b)
	}
	for _, b := range blocks["seed"] {
		l.loadSeed(b)
	}
	for _, b := range blocks["model"] {
		l.loadModel(b)
	}
	for _, b := range blocks["sink"] {
		l.loadSink(b)
	}
	for _, b := range blocks["unit_test"] {
		l.loadUnitTest(b)
	}
	l.sortConfig()
	l.diags.Sort()
	return l.cfg, l.diags
}

// parseAll parses the files in name order and groups their top-level blocks
// by type. Files with syntax errors still contribute the blocks hcl could
// recover, so that one typo does not hide every other problem.
func (l *loader) parseAll() map[string][]*hcl.Block {
	names := make([]string, 0, len(l.files))
	for n := range l.files {
		names = append(names, n)
	}
	sort.Strings(names)
	out := make(map[string][]*hcl.Block)
	for _, n := range names {
		f, hds := hclsyntax.ParseConfig(spreadOneLineBlocks(l.files[n]), n, hcl.InitialPos)
		l.fromHCL(hds, CodeSyntax)
		if hds.HasErrors() {
			l.broken[n] = true
		}
		if f == nil || f.Body == nil {
			continue
		}
		content, hds := f.Body.Content(topSchema())
		l.fromHCL(hds, CodeHCL)
		for _, b := range content.Blocks {
			out[b.Type] = append(out[b.Type], b)
		}
	}
	return out
}

// loadProject checks that exactly one project block exists across files.
func (l *loader) loadProject(blocks []*hcl.Block) {
	if len(blocks) == 0 {
		d := diag.Errorf(CodeProject, "Missing project block")
		d.Detail = `Every quill project declares itself once, in any *.hcl file of its root: project "NAME" { default_target = "dev" }.`
		l.diags = append(l.diags, d)
		return
	}
	for _, b := range blocks[1:] {
		l.errorAt(CodeProject, b.DefRange, "Duplicate project block",
			fmt.Sprintf("A project is declared once; the first declaration is at %s.", l.rng(blocks[0].DefRange)))
	}
	b := blocks[0]
	p := &Project{Name: b.Labels[0], Decl: l.rng(b.DefRange), Attrs: Ranges{}}
	l.cfg.Project = p
	l.checkIdent(p.Name, b.LabelRanges[0], "project name")
	content, _ := l.content(b, &hcl.BodySchema{Attributes: attrs("default_target")}, "A project")
	if a := content.Attributes["default_target"]; a != nil {
		p.Attrs[a.Name] = l.rng(a.Range)
		p.DefaultTarget, _ = l.str(a)
		l.defaultTarget = a
	}
}

// loadVariables merges every variables block, then applies Options.Vars.
// Variables are evaluated before anything else, with env() but without var(),
// so that every other block can call var().
func (l *loader) loadVariables(blocks []*hcl.Block) {
	l.ctx = evalContext(l.opts.Env, nil)
	byName := map[string]*Variable{}
	for _, b := range blocks {
		attrs, hds := b.Body.JustAttributes()
		l.fromHCL(hds, CodeHCL)
		for _, a := range sortedAttrs(attrs) {
			if prev := byName[a.Name]; prev != nil {
				l.errorAt(CodeDuplicate, a.NameRange, "Duplicate variable",
					fmt.Sprintf("Variable %q is already declared at %s.", a.Name, prev.Decl))
				continue
			}
			v := &Variable{Name: a.Name, Decl: l.rng(a.Range)}
			v.Value, _ = l.anyText(a)
			byName[a.Name] = v
		}
	}
	for name, val := range l.opts.Vars {
		if v := byName[name]; v != nil {
			v.Value, v.Overridden = val, true
		} else {
			byName[name] = &Variable{Name: name, Value: val, Overridden: true}
		}
	}
	l.cfg.Vars = make(map[string]string, len(byName))
	for name, v := range byName {
		l.cfg.Vars[name] = v.Value
		l.cfg.Variables = append(l.cfg.Variables, v)
	}
}

// sortedAttrs returns attributes in source order, for deterministic output.
func sortedAttrs(attrs hcl.Attributes) []*hcl.Attribute {
	out := make([]*hcl.Attribute, 0, len(attrs))
	for _, a := range attrs {
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool {
		ri, rj := out[i].Range, out[j].Range
		if ri.Filename != rj.Filename {
			return ri.Filename < rj.Filename
		}
		return ri.Start.Byte < rj.Start.Byte
	})
	return out
}

// sortConfig orders every slice by name so iteration is deterministic.
func (l *loader) sortConfig() {
	c := l.cfg
	sort.SliceStable(c.Targets, func(i, j int) bool { return c.Targets[i].Name < c.Targets[j].Name })
	sort.SliceStable(c.Variables, func(i, j int) bool { return c.Variables[i].Name < c.Variables[j].Name })
	sort.SliceStable(c.Sources, func(i, j int) bool { return c.Sources[i].Name < c.Sources[j].Name })
	sort.SliceStable(c.Seeds, func(i, j int) bool { return c.Seeds[i].Name < c.Seeds[j].Name })
	sort.SliceStable(c.Models, func(i, j int) bool { return c.Models[i].Name < c.Models[j].Name })
	sort.SliceStable(c.Sinks, func(i, j int) bool { return c.Sinks[i].Name < c.Sinks[j].Name })
	sort.SliceStable(c.UnitTests, func(i, j int) bool { return c.UnitTests[i].Name < c.UnitTests[j].Name })
}

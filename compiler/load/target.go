package load

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
)

// adapters lists the adapters a target may use.
func adapters() []string { return []string{"duckdb", "postgres", "redshift"} }

// Defaults of optional target settings (models.Target documents them).
const (
	DefaultThreads = 4
	DefaultRetries = 2
)

func (l *loader) loadTarget(b *hcl.Block) {
	name := b.Labels[0]
	l.checkIdent(name, b.LabelRanges[0], "target name")
	if l.dup("target", name, b.DefRange) {
		return
	}
	c, rs := l.content(b, &hcl.BodySchema{Attributes: attrs(
		"adapter!", "path", "dsn", "threads", "schema_prefix", "retries")}, "A target")
	t := &Target{Name: name, Threads: DefaultThreads, Retries: DefaultRetries, Decl: l.rng(b.DefRange), Attrs: rs}
	l.cfg.Targets = append(l.cfg.Targets, t)
	if a := c.Attributes["adapter"]; a != nil {
		t.Adapter, _ = l.enum(a, adapters()...)
	}
	if a := c.Attributes["path"]; a != nil {
		t.Path, _ = l.str(a)
	}
	if a := c.Attributes["dsn"]; a != nil {
		t.DSN, _ = l.str(a)
		t.Secrets = []string{"dsn"}
	}
	if a := c.Attributes["threads"]; a != nil {
		if n, ok := l.integer(a, 1, 1024); ok {
			t.Threads = int(n)
		}
	}
	if a := c.Attributes["retries"]; a != nil {
		if n, ok := l.integer(a, 0, 100); ok {
			t.Retries = int(n)
		}
	}
	if a := c.Attributes["schema_prefix"]; a != nil {
		t.SchemaPrefix, _ = l.str(a)
		if t.SchemaPrefix != "" && !isIdent(t.SchemaPrefix) {
			l.errorAt(CodeName, a.Expr.Range(), "Invalid schema_prefix",
				fmt.Sprintf("%q cannot start a schema name: use %s.", t.SchemaPrefix, identRule))
		}
	}
	l.checkTargetArgs(t, c, b)
}

// checkTargetArgs checks the arguments each adapter needs.
func (l *loader) checkTargetArgs(t *Target, c *hcl.BodyContent, b *hcl.Block) {
	switch t.Adapter {
	case "duckdb":
		if a := c.Attributes["dsn"]; a != nil {
			l.errorAt(CodeConflictingArgs, a.NameRange, "dsn is not used by duckdb",
				`A duckdb target is a local file: set path (for example ".quill/dev.duckdb") instead of dsn.`)
		}
	case "postgres", "redshift":
		if c.Attributes["dsn"] == nil {
			l.errorAt(CodeMissingArg, b.DefRange, `Missing required argument "dsn"`,
				fmt.Sprintf(`A %s target needs dsn, usually from the environment: dsn = env("QUILL_%s_DSN").`,
					t.Adapter, upperIdent(t.Name)))
		}
		if a := c.Attributes["path"]; a != nil {
			l.errorAt(CodeConflictingArgs, a.NameRange, fmt.Sprintf("path is not used by %s", t.Adapter),
				"Only duckdb targets are files; remove path.")
		}
	}
}

func upperIdent(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 'a' + 'A'
		} else if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			b[i] = '_'
		}
	}
	return string(b)
}

// checkDefaultTarget checks that the project's default_target is declared.
func (l *loader) checkDefaultTarget() {
	p := l.cfg.Project
	if p == nil || p.DefaultTarget == "" || l.defaultTarget == nil {
		return
	}
	names := make([]string, 0, len(l.cfg.Targets))
	for _, t := range l.cfg.Targets {
		if t.Name == p.DefaultTarget {
			return
		}
		names = append(names, t.Name)
	}
	l.errorAt(CodeUnknownTarget, l.defaultTarget.Expr.Range(), "Unknown default target",
		fmt.Sprintf("No target block is named %q.%s", p.DefaultTarget, suggest(p.DefaultTarget, names)))
}

package main

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/quill-etl/quill/compiler"
	"github.com/quill-etl/quill/models"
	"github.com/quill-etl/quill/models/diag"
)

// globalFlags are the flags every command takes.
type globalFlags struct {
	project string
	json    bool
	vars    []string
}

// compileProject compiles the project for a target, prints diagnostics on
// stderr, writes target/manifest.json and returns the project, or an exit
// error when it has errors.
func compileProject(ctx context.Context, e *env, g *globalFlags, target string) (*models.Project, error) {
	vars := map[string]string{}
	for _, kv := range g.vars {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			return nil, fail(exitUser, "--var %q: want name=value", kv)
		}
		vars[k] = v
	}
	p, diags := compiler.Compile(ctx, os.DirFS(g.project), compiler.Options{Target: target, Vars: vars, Env: e.Vars})
	if p != nil {
		e.addSecrets(p)
	}
	if len(diags) > 0 {
		writeDiags(e, g, diags, p)
	}
	if diags.HasErrors() {
		return nil, fail(exitUser, "")
	}
	if err := writeManifest(g.project, p); err != nil {
		return nil, fail(exitInternal, "writing the manifest: %v", err)
	}
	return p, nil
}

func writeDiags(e *env, g *globalFlags, diags diag.Diagnostics, p *models.Project) {
	var files diag.Files
	if p != nil {
		files = p.Files
	}
	if g.json {
		writeJSON(e.Stderr, map[string]any{"diagnostics": diags})
		return
	}
	var b strings.Builder
	_ = diag.WriteText(&b, diags, files, e.color())
	n := 0
	for _, d := range diags {
		if d.Severity == diag.Error {
			n++
		}
	}
	if n > 0 {
		fmt.Fprintf(&b, "\n%d error(s).\n", n)
	}
	fmt.Fprint(e.Stderr, redact(b.String(), e))
}

func writeManifest(dir string, p *models.Project) error {
	b, err := compiler.BuildManifest(p).Encode()
	if err != nil {
		return err
	}
	return writeArtifact(dir, "manifest.json", b)
}

// writeArtifact writes target/<name> atomically (temp file + rename), so a
// reader never sees half a file.
func writeArtifact(dir, name string, b []byte) error {
	out := filepath.Join(dir, "target")
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(out, "."+name+".*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), filepath.Join(out, name))
}

// addSecrets remembers the secret values of a project (target DSNs and their
// passwords, secret source settings) so that redact hides them.
func (e *env) addSecrets(p *models.Project) {
	for _, t := range p.Targets {
		e.addSecret(t.DSN)
	}
	for _, n := range p.Nodes {
		for _, k := range n.Secrets {
			e.addSecret(n.Config[k])
		}
	}
}

func (e *env) addSecret(s string) {
	if len(s) < 4 {
		return
	}
	e.secrets = append(e.secrets, s)
	if u, err := url.Parse(s); err == nil && u.User != nil {
		if pw, ok := u.User.Password(); ok && len(pw) >= 4 {
			e.secrets = append(e.secrets, pw)
		}
	}
	for _, f := range strings.Fields(s) { // key=value DSNs
		if v, ok := strings.CutPrefix(f, "password="); ok && len(v) >= 4 {
			e.secrets = append(e.secrets, v)
		}
	}
}

// redact replaces every known secret in s.
func redact(s string, e *env) string {
	for _, sec := range e.secrets {
		s = strings.ReplaceAll(s, sec, "****")
	}
	return s
}

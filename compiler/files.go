package compiler

import (
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/quill-etl/quill/models/diag"
)

// inputs are the project's files, by kind, read once.
type inputs struct {
	hcl    map[string][]byte
	macros map[string][]byte
	tests  map[string][]byte // tests/*.sql: custom data assertions
	models []string          // models/<schema>/<name>.sql
	seeds  []string          // seeds/<schema>/<name>.csv
	all    map[string][]byte
}

// readInputs reads the project layout of SPEC §2. Files that do not fit the
// layout are diagnostics, so a misplaced model is never silently ignored.
func readInputs(fsys fs.FS) (*inputs, diag.Diagnostics) {
	in := &inputs{hcl: map[string][]byte{}, macros: map[string][]byte{}, tests: map[string][]byte{}, all: map[string][]byte{}}
	var diags diag.Diagnostics
	root, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, diags.Append(diag.Errorf("QL010", "cannot read the project directory: %v", err))
	}
	for _, e := range root {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".hcl") {
			diags = in.read(fsys, e.Name(), in.hcl, diags)
		}
	}
	if len(in.hcl) == 0 {
		diags = diags.Append(diag.Errorf("QL010", "no *.hcl file in the project directory (run `quill init` to start a project)"))
	}
	diags = in.walk(fsys, "models", ".sql", &in.models, diags)
	diags = in.walk(fsys, "seeds", ".csv", &in.seeds, diags)
	for dir, into := range map[string]map[string][]byte{"macros": in.macros, "tests": in.tests} {
		if ents, err := fs.ReadDir(fsys, dir); err == nil {
			for _, e := range ents {
				if !e.IsDir() && strings.HasSuffix(e.Name(), ".sql") {
					diags = in.read(fsys, dir+"/"+e.Name(), into, diags)
				}
			}
		}
	}
	return in, diags
}

func (in *inputs) read(fsys fs.FS, name string, into map[string][]byte, diags diag.Diagnostics) diag.Diagnostics {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return diags.Append(diag.Errorf("QL010", "cannot read %s: %v", name, err))
	}
	into[name] = b
	in.all[name] = b
	return diags
}

// walk collects dir/<schema>/<name><ext> files; anything else under dir with
// that extension is reported.
func (in *inputs) walk(fsys fs.FS, dir, ext string, into *[]string, diags diag.Diagnostics) diag.Diagnostics {
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir {
				return fs.SkipDir // no such directory: nothing to read
			}
			diags = diags.Append(diag.Errorf("QL010", "cannot read %s: %v", p, err))
			return nil
		}
		if d.IsDir() || !strings.HasSuffix(p, ext) {
			return nil
		}
		parts := strings.Split(p, "/")
		if len(parts) != 3 {
			r := diag.Range{Filename: p, Start: diag.Pos{Line: 1, Column: 1}, End: diag.Pos{Line: 1, Column: 1}}
			diags = diags.Append(diag.Diagnostic{Severity: diag.Error, Code: "QL011", Subject: &r,
				Summary: "file is not at " + dir + "/<schema>/<name>" + ext,
				Detail:  "Each file under " + dir + "/ builds the relation <schema>.<name> from its folder and file name; move it one level below " + dir + "/."})
			return nil
		}
		*into = append(*into, p)
		return nil
	})
	if err != nil {
		diags = diags.Append(diag.Errorf("QL010", "cannot read %s: %v", dir, err))
	}
	sort.Strings(*into)
	return diags
}

// relationOf returns "schema.name" for models/<schema>/<name>.sql.
func relationOf(p string) string {
	parts := strings.Split(p, "/")
	return parts[1] + "." + strings.TrimSuffix(parts[2], path.Ext(parts[2]))
}

package compiler

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"strings"

	"github.com/quill-etl/quill/compiler/load"
	"github.com/quill-etl/quill/models"
	"github.com/quill-etl/quill/models/diag"
)

// seedSampleRows bounds how many rows type inference reads.
const seedSampleRows = 1000

// seedNode builds a seed from its CSV file: columns from the header, types
// from the seed block's column_types or inferred from the values.
func (c *compilation) seedNode(file string, cfg *load.Seed) (*models.Node, diag.Diagnostics) {
	b, err := fs.ReadFile(c.fsys, file)
	if err != nil {
		return nil, diag.Diagnostics{diag.Errorf("QL010", "cannot read %s: %v", file, err)}
	}
	c.in.all[file] = b
	n := &models.Node{Name: relationOf(file), Kind: models.KindSeed, File: file, Materialized: models.Table,
		Decl: diag.RangeOf(file, b, 0, 0), Config: map[string]string{}}
	r := csv.NewReader(bytes.NewReader(b))
	header, err := r.Read()
	if err != nil {
		return nil, diag.Diagnostics{diag.At("QL015", file, b, 0, 0, "seed has no CSV header", err.Error())}
	}
	declared := map[string]string{}
	if cfg != nil {
		n.PrimaryKey = cfg.PrimaryKey
		for _, ct := range cfg.ColumnTypes {
			declared[ct.Name] = ct.Type
		}
		if len(cfg.PrimaryKey) > 0 {
			n.Checks = append(n.Checks, models.Check{Kind: "primary_key", Columns: cfg.PrimaryKey, Rule: "declared", Gate: true})
		}
	}
	types, diags := inferSeedTypes(file, b, r, len(header))
	for i, h := range header {
		name := strings.TrimSpace(h)
		typ := types[i]
		if t, ok := declared[name]; ok {
			typ = t
			delete(declared, name)
		}
		n.Columns = append(n.Columns, models.Column{Name: name, Type: typ, From: []string{}})
	}
	for _, name := range sortedKeys(declared) {
		at := cfg.Attrs["column_types"]
		diags = diags.Append(diag.Diagnostic{Severity: diag.Error, Code: "QL015", Subject: &at,
			Summary: fmt.Sprintf("column_types names %q, which is not a column of %s", name, file)})
	}
	n.Config["content"] = contentHash(b)
	return n, diags
}

var (
	intRe   = regexp.MustCompile(`^[+-]?\d{1,18}$`)
	numRe   = regexp.MustCompile(`^[+-]?(\d+\.?\d*|\.\d+)$`)
	dateRe  = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	tsRe    = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?$`)
	boolSet = map[string]bool{"true": true, "false": true}
)

// inferSeedTypes picks, per column, the narrowest type every sampled value
// fits: bigint, numeric, boolean, date, timestamptz, else text. Empty fields
// are NULL and fit every type.
func inferSeedTypes(file string, src []byte, r *csv.Reader, ncol int) ([]string, diag.Diagnostics) {
	cands := make([]map[string]bool, ncol)
	for i := range cands {
		cands[i] = map[string]bool{"bigint": true, "numeric": true, "boolean": true, "date": true, "timestamptz": true}
	}
	for row := 0; row < seedSampleRows; row++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			off := int(r.InputOffset())
			return textTypes(ncol), diag.Diagnostics{diag.At("QL015", file, src, off, off, "bad CSV: "+err.Error(), "")}
		}
		for i, v := range rec {
			if i >= ncol || v == "" {
				continue
			}
			narrow(cands[i], v)
		}
	}
	out := make([]string, ncol)
	for i, c := range cands {
		out[i] = "text"
		for _, t := range []string{"bigint", "numeric", "boolean", "date", "timestamptz"} {
			if c[t] {
				out[i] = t
				break
			}
		}
	}
	return out, nil
}

func narrow(c map[string]bool, v string) {
	v = strings.TrimSpace(v)
	if !intRe.MatchString(v) {
		c["bigint"] = false
	}
	if !numRe.MatchString(v) {
		c["numeric"] = false
	}
	if !boolSet[strings.ToLower(v)] {
		c["boolean"] = false
	}
	if !dateRe.MatchString(v) {
		c["date"] = false
	}
	if !tsRe.MatchString(v) {
		c["timestamptz"] = false
	}
}

func textTypes(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = "text"
	}
	return out
}

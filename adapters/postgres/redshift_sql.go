package postgres

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/quill-etl/quill/adapters"
	"github.com/quill-etl/quill/models"
)

// RedshiftCopy describes one COPY of staged gzip CSV parts into a table.
type RedshiftCopy struct {
	Table    adapters.RelName
	Columns  []string // in the order of the CSV fields
	Manifest string   // s3:// URL of the manifest listing the parts
	IAMRole  string   // ARN of the role Redshift assumes to read the stage
	Region   string   // the bucket's region when it differs from the cluster's; optional
}

// RedshiftCopySQL returns the COPY statement that loads c's parts:
//
//	COPY "s"."t" ("a", "b") FROM 's3://bucket/prefix/manifest.json'
//	IAM_ROLE 'arn:…' MANIFEST FORMAT AS CSV GZIP TIMEFORMAT 'auto' [REGION '…']
//
// (on one line). The parts are in the dialect csvValue writes: comma
// delimiter and '"' quote (the CSV defaults, so not spelled out), NULL as an
// unquoted \N (Redshift's default null string, left implicit so the
// statement carries no backslash: whether a literal's backslash is an escape
// differs between servers), every string quoted. TIMEFORMAT 'auto' reads the
// ISO 8601 timestamps csvValue writes ("2026-01-02T03:04:05.123456Z");
// dates are YYYY-MM-DD, the default DATEFORMAT.
//
// Identifiers are quoted; the manifest URL, role and region are SQL string
// literals, and a value that could escape one (a backslash, a control
// character) is refused.
func RedshiftCopySQL(c RedshiftCopy) (string, error) {
	if len(c.Columns) == 0 {
		return "", fmt.Errorf("no columns")
	}
	names := make([]string, len(c.Columns))
	for i, n := range c.Columns {
		names[i] = adapters.QuoteIdent(n)
	}
	manifest, err := redshiftLiteral("manifest URL", c.Manifest)
	if err != nil {
		return "", err
	}
	role, err := redshiftLiteral("iam_role", c.IAMRole)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.WriteString("COPY " + c.Table.Quoted() + " (" + strings.Join(names, ", ") + ") FROM " + manifest +
		" IAM_ROLE " + role + " MANIFEST FORMAT AS CSV GZIP TIMEFORMAT 'auto'")
	if c.Region != "" {
		region, err := redshiftLiteral("region", c.Region)
		if err != nil {
			return "", err
		}
		b.WriteString(" REGION " + region)
	}
	return b.String(), nil
}

// redshiftLiteral renders s as an SQL string literal, quotes doubled. It
// refuses backslashes and control characters: Redshift's parser descends
// from PostgreSQL 8.0, where a backslash in a literal is an escape, so the
// literal would not mean what it says (and could end early); no S3 URL,
// ARN or region contains one.
func redshiftLiteral(what, s string) (string, error) {
	if s == "" {
		return "", fmt.Errorf("%s is empty", what)
	}
	for _, r := range s {
		if r == '\\' || r < 0x20 || r == 0x7f {
			return "", fmt.Errorf("%s %q holds a backslash or a control character", what, s)
		}
	}
	return "'" + strings.ReplaceAll(s, "'", "''") + "'", nil
}

// redshiftCreateSQL returns the CREATE TABLE statement of a load's table, in
// Redshift types (redshiftType), the quoted column names, and which columns
// are dates (their time values are written as dates).
func redshiftCreateSQL(rel adapters.RelName, cols []models.Column) (create string, names []string, dates []bool, err error) {
	if len(cols) == 0 {
		return "", nil, nil, fmt.Errorf("no columns")
	}
	defs := make([]string, len(cols))
	names = make([]string, len(cols))
	dates = make([]bool, len(cols))
	for i, c := range cols {
		typ := redshiftType(c.Type)
		if !typePattern.MatchString(typ) {
			return "", nil, nil, fmt.Errorf("column %s: unsupported type %q", c.Name, c.Type)
		}
		names[i] = c.Name
		defs[i] = adapters.QuoteIdent(c.Name) + " " + typ
		dates[i] = strings.EqualFold(typ, "date")
	}
	return `CREATE TABLE ` + rel.Quoted() + ` (` + strings.Join(defs, ", ") + `)`, names, dates, nil
}

// redshiftType translates the PostgreSQL types sources declare into the
// Redshift types that hold the same values: Redshift turns TEXT into
// VARCHAR(256), which would refuse longer strings, and has no bytea, json or
// uuid. Other types pass unchanged.
//
// FIXME: a bare numeric is numeric(18,0) on Redshift and COPY truncates its
// fractions; there is no scale that fits every source, so declare precision
// and scale on such columns.
func redshiftType(pgType string) string {
	t := strings.TrimSpace(pgType)
	switch strings.ToLower(t) {
	case "", "text", "varchar", "character varying", "json", "jsonb", "citext", "name":
		return "varchar(65535)" // Redshift's widest string (in bytes)
	case "bytea":
		return "varbyte" // loaded from hex, which csvValue writes
	case "uuid":
		return "char(36)"
	}
	return t
}

// redshiftManifest returns the manifest JSON that lists the parts at urls,
// each mandatory, so COPY fails if one is missing instead of loading less.
func redshiftManifest(urls []string) []byte {
	type entry struct {
		URL       string `json:"url"`
		Mandatory bool   `json:"mandatory"`
	}
	m := struct {
		Entries []entry `json:"entries"`
	}{Entries: make([]entry, len(urls))}
	for i, u := range urls {
		m.Entries[i] = entry{URL: u, Mandatory: true}
	}
	b, _ := json.Marshal(m) // strings and bools only: cannot fail
	return b
}

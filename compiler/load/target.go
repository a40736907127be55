package load

import (
	"fmt"
	"strings"

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
		"adapter!", "path", "dsn", "threads", "schema_prefix", "retries",
		"s3_stage", "iam_role", "s3_endpoint", "s3_region")}, "A target")
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
	l.loadStage(t, c)
	l.checkTargetArgs(t, c, b)
}

// stageArgs lists the arguments of a redshift target's S3 stage.
func stageArgs() []string { return []string{"s3_stage", "iam_role", "s3_endpoint", "s3_region"} }

// loadStage reads the S3 stage a redshift target bulk-loads through. The
// values are checked for shape only; whether the bucket and role work is
// for the first load to find out.
func (l *loader) loadStage(t *Target, c *hcl.BodyContent) {
	// Quotes, backslashes and control characters are refused: the stage URL
	// and the role end up in SQL string literals of Redshift's COPY.
	if a := c.Attributes["s3_stage"]; a != nil {
		var ok bool
		t.S3Stage, ok = l.str(a)
		rest, isS3 := strings.CutPrefix(t.S3Stage, "s3://")
		if bucket, _, _ := strings.Cut(rest, "/"); ok && (!isS3 || bucket == "" || strings.ContainsAny(t.S3Stage, "\\'\n\r\t")) {
			l.errorAt(CodeInvalidValue, a.Expr.Range(), "Invalid s3_stage",
				fmt.Sprintf("%q is not an S3 location: write s3://BUCKET/PREFIX, for example \"s3://my-bucket/quill/stage\".", t.S3Stage))
		}
	}
	if a := c.Attributes["iam_role"]; a != nil {
		var ok bool
		if t.IAMRole, ok = l.str(a); ok && (!strings.HasPrefix(t.IAMRole, "arn:") || strings.ContainsAny(t.IAMRole, "\\'\n\r\t ")) {
			l.errorAt(CodeInvalidValue, a.Expr.Range(), "Invalid iam_role",
				fmt.Sprintf("%q is not an IAM role ARN: write arn:aws:iam::ACCOUNT:role/NAME, the role the cluster assumes to read the stage.", t.IAMRole))
		}
	}
	if a := c.Attributes["s3_endpoint"]; a != nil {
		var ok bool
		if t.S3Endpoint, ok = l.str(a); ok && !strings.HasPrefix(t.S3Endpoint, "http://") && !strings.HasPrefix(t.S3Endpoint, "https://") {
			l.errorAt(CodeInvalidValue, a.Expr.Range(), "Invalid s3_endpoint",
				fmt.Sprintf("%q is not a URL: write the base URL of an S3-compatible server, for example \"http://127.0.0.1:9000\".", t.S3Endpoint))
		}
	}
	if a := c.Attributes["s3_region"]; a != nil {
		t.S3Region, _ = l.str(a)
	}
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
	l.checkStageArgs(t, c, b)
}

// checkStageArgs checks that a redshift target has its S3 stage and that no
// other target sets one.
func (l *loader) checkStageArgs(t *Target, c *hcl.BodyContent, b *hcl.Block) {
	switch t.Adapter {
	case "": // an unknown adapter, already reported
	case "redshift":
		for _, n := range []string{"s3_stage", "iam_role"} {
			if c.Attributes[n] == nil {
				l.errorAt(CodeMissingArg, b.DefRange, fmt.Sprintf(`Missing required argument %q`, n),
					`Redshift has no COPY FROM STDIN: a redshift target loads seeds and extracts through S3, so it needs `+
						`s3_stage = "s3://BUCKET/PREFIX" and iam_role = "arn:aws:iam::ACCOUNT:role/NAME" (a role the cluster may assume to read the stage).`)
			}
		}
	default:
		for _, n := range stageArgs() {
			if a := c.Attributes[n]; a != nil {
				l.errorAt(CodeConflictingArgs, a.NameRange, fmt.Sprintf("%s is not used by %s", n, t.Adapter),
					"Only redshift targets load through an S3 stage; remove "+n+".")
			}
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

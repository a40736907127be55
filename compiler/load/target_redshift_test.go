package load

import (
	"reflect"
	"testing"

	"github.com/quill-etl/quill/models"
)

func TestRedshiftTarget(t *testing.T) {
	src := head + `target "wh" {
  adapter     = "redshift"
  dsn         = env("RS_DSN")
  s3_stage    = "s3://stage-bucket/quill/stage"
  iam_role    = "arn:aws:iam::123456789012:role/quill-load"
  s3_endpoint = "http://127.0.0.1:9000"
  s3_region   = "eu-west-1"
}
`
	cfg, ds := Load(map[string][]byte{"quill.hcl": []byte(src)}, Options{Env: map[string]string{"RS_DSN": "postgres://u:p@h/db"}})
	if ds != nil {
		t.Fatal(ds.Error())
	}
	got := cfg.Targets[1].Model()
	want := models.Target{Name: "wh", Adapter: "redshift", DSN: "postgres://u:p@h/db", Threads: DefaultThreads, Retries: DefaultRetries,
		S3Stage: "s3://stage-bucket/quill/stage", IAMRole: "arn:aws:iam::123456789012:role/quill-load",
		S3Endpoint: "http://127.0.0.1:9000", S3Region: "eu-west-1"}
	if got != want {
		t.Errorf("target =\n%+v\nwant\n%+v", got, want)
	}
}

func TestRedshiftTargetCodes(t *testing.T) {
	const rs = "target \"wh\" {\n adapter = \"redshift\"\n dsn = \"d\"\n"
	const stage = " s3_stage = \"s3://b/p\"\n iam_role = \"arn:aws:iam::1:role/r\"\n"
	for _, tt := range []struct {
		name, src string
		want      []string
	}{
		{"complete", rs + stage + "}\n", nil},
		{"no stage", rs + " iam_role = \"arn:aws:iam::1:role/r\"\n}\n", []string{CodeMissingArg}},
		{"no role", rs + " s3_stage = \"s3://b/p\"\n}\n", []string{CodeMissingArg}},
		{"neither", rs + "}\n", []string{CodeMissingArg, CodeMissingArg}},
		{"not s3", rs + " s3_stage = \"https://b/p\"\n iam_role = \"arn:aws:iam::1:role/r\"\n}\n", []string{CodeInvalidValue}},
		{"no bucket", rs + " s3_stage = \"s3:///p\"\n iam_role = \"arn:aws:iam::1:role/r\"\n}\n", []string{CodeInvalidValue}},
		{"quote in stage", rs + " s3_stage = \"s3://b/p'x\"\n iam_role = \"arn:aws:iam::1:role/r\"\n}\n", []string{CodeInvalidValue}},
		{"role not an ARN", rs + " s3_stage = \"s3://b/p\"\n iam_role = \"quill-load\"\n}\n", []string{CodeInvalidValue}},
		{"backslash in role", rs + " s3_stage = \"s3://b/p\"\n iam_role = \"arn:x\\\\y\"\n}\n", []string{CodeInvalidValue}},
		{"endpoint not a URL", rs + stage + " s3_endpoint = \"127.0.0.1:9000\"\n}\n", []string{CodeInvalidValue}},
		{"stage on postgres", "target \"pg\" {\n adapter = \"postgres\"\n dsn = \"d\"\n" + stage + "}\n",
			[]string{CodeConflictingArgs, CodeConflictingArgs}},
		{"endpoint on duckdb", "target \"d\" {\n adapter = \"duckdb\"\n s3_endpoint = \"http://x\"\n}\n", []string{CodeConflictingArgs}},
		{"stage from a missing env", rs + " s3_stage = env(\"NOPE\")\n iam_role = \"arn:aws:iam::1:role/r\"\n}\n", []string{CodeFunc}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, ds := Load(map[string][]byte{"quill.hcl": []byte(head + tt.src)}, Options{})
			if got := codes(ds); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("codes = %v, want %v\n%s", got, tt.want, ds.Error())
			}
		})
	}
}

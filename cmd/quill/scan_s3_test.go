package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
	"github.com/quill-etl/quill/adapters/s3"
)

// s3Table starts an in-process S3 server over real HTTP, uploads the
// files of a test table to s3://snap/<prefix>/ and returns the server's URL.
// Credentials reach quill through the AWS default chain, as in production.
func s3Table(t *testing.T, table, prefix string) string {
	t.Helper()
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIATESTKEY")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "test-secret")
	t.Setenv("AWS_REGION", "us-east-1")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	be := s3mem.New()
	if err := be.CreateBucket("snap"); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(gofakes3.New(be).Server())
	t.Cleanup(srv.Close)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	st, err := s3.Open(ctx, s3.Config{Endpoint: srv.URL, Bucket: "snap", Prefix: prefix, PathStyle: true})
	if err != nil {
		t.Fatal(err)
	}
	ents, err := os.ReadDir(table)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(table, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := st.Put(ctx, e.Name(), bytes.NewReader(b)); err != nil {
			t.Fatal(err)
		}
	}
	return srv.URL
}

// TestScanS3 runs `quill scan s3://…` on a real table uploaded to an S3
// server and compares its output with expected.jsonl byte for byte, with
// the schema in S3 and on the local disk, with 1 and 4 splits.
func TestScanS3(t *testing.T) {
	table := filepath.Join(cassandraData(t), "oa", "spark_test", "testtable")
	endpoint := s3Table(t, table, "backup/spark_test/testtable")
	want, err := os.ReadFile(filepath.Join(table, "expected.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	url := "s3://snap/backup/spark_test/testtable/"
	for _, schema := range []string{url + "schema.cql", filepath.Join(table, "schema.cql")} {
		for _, splits := range []string{"1", "4"} {
			stdout, stderr, code := runQuill(t, []string{"scan", url, "--schema", schema, "--splits", splits,
				"--as-of", "2026-01-01T00:00:00Z", "--s3-endpoint", endpoint}, nil)
			if code != 0 {
				t.Fatalf("schema %s splits %s: exit %d: %s", schema, splits, code, stderr)
			}
			if stdout != string(want) {
				t.Errorf("schema %s splits %s: output differs from expected.jsonl (%d bytes, want %d)",
					schema, splits, len(stdout), len(want))
			}
		}
	}
	stdout, stderr, code := runQuill(t, []string{"scan", url, "--stats", "--splits", "4", "--s3-endpoint", endpoint}, nil)
	if code != 0 || !strings.Contains(stdout, "rows 10000\n") || !strings.Contains(stdout, "s3 bytes fetched ") {
		t.Errorf("--stats: exit %d\n%s%s", code, stdout, stderr)
	}
	_, stderr, code = runQuill(t, []string{"scan", "s3://snap/backup/none/", "--s3-endpoint", endpoint}, nil)
	if code != 1 || !strings.Contains(stderr, "s3://snap/backup/none/") {
		t.Errorf("missing prefix: exit %d: %s", code, stderr)
	}
}

// TestCassandraSourceS3 lands a table from an S3 snapshot through a
// project's source "cassandra" block with snapshot = "s3://…". The schema
// stays a project file: the compiler reads it for the columns, offline.
func TestCassandraSourceS3(t *testing.T) {
	table := filepath.Join(cassandraData(t), "mc", "keyspace1", "compressed_bills")
	endpoint := s3Table(t, table, "snapshots/bills")
	dir := t.TempDir()
	schema, err := os.ReadFile(filepath.Join(table, "schema.cql"))
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "bills.cql"), string(schema))
	write(t, filepath.Join(dir, "quill.hcl"), fmt.Sprintf(`
project "cass" {
  default_target = "dev"
}
target "dev" {
  adapter = "duckdb"
  path    = ".quill/dev.duckdb"
}
source "cassandra" "raw.bills" {
  snapshot    = "s3://snap/snapshots/bills/"
  schema      = "bills.cql"
  as_of       = "2026-11-24T00:00:00Z"
  s3_endpoint = %q
}
`, endpoint))
	stdout, _ := mustRun(t, 0, "plan", "--project", dir)
	if !strings.Contains(stdout, "reads 1 SSTables, 553 B, 4 splits") {
		t.Errorf("plan:\n%s", stdout)
	}
	mustRun(t, 0, "apply", "--project", dir)
	db := filepath.Join(dir, ".quill", "dev.duckdb")
	if d := cmp.Diff([][]string{{"16", "3"}}, queryDuck(t, db, `SELECT count(*), count(DISTINCT "user") FROM raw.bills`)); d != "" {
		t.Errorf("landed rows (-want +got):\n%s", d)
	}
}

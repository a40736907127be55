package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSecretsNeverPrinted points a target at a server that refuses the
// connection with a DSN holding a password: neither the password nor the DSN
// may appear in any output or artifact.
func TestSecretsNeverPrinted(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	mustRun(t, 0, "init", dir)
	const secret = "s3cr3t-Pa55word"
	dsn := "postgres://quill:" + secret + "@127.0.0.1:1/prod?sslmode=disable"
	vars := map[string]string{"QUILL_PROD_DSN": dsn}
	var all strings.Builder
	for _, args := range [][]string{
		{"compile", "--target", "prod"},
		{"plan", "--target", "prod"},
		{"apply", "--target", "prod"},
		{"plan", "--target", "prod", "--json"},
	} {
		stdout, stderr, _ := runQuill(t, append(args, "--project", dir), vars)
		all.WriteString(stdout + stderr)
	}
	b, err := os.ReadFile(filepath.Join(dir, "target", "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	all.Write(b)
	out := all.String()
	if strings.Contains(out, secret) || strings.Contains(out, dsn) {
		t.Errorf("a secret leaked:\n%s", out)
	}
	if !strings.Contains(out, `connecting to target "prod"`) {
		t.Errorf("the connection error is not reported:\n%s", out)
	}
}

package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/quill-etl/quill/adapters/adaptertest"
	"github.com/quill-etl/quill/adapters/nostos"
	"github.com/quill-etl/quill/adapters/nostos/serve"
)

// TestSinkExportAndServe applies the skeleton (whose sink exports
// marts.customer_revenue), serves the dataset over real HTTP and reads a key
// back; three more exports leave exactly `keep` versions, and a rollback
// switches what is served.
func TestSinkExportAndServe(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	mustRun(t, 0, "init", dir)
	stdout, _ := mustRun(t, 0, "plan", "--project", dir)
	if !strings.Contains(stdout, "+ customer_revenue") || !strings.Contains(stdout, "dataset customer_revenue: writes v1") {
		t.Errorf("plan lacks the export:\n%s", stdout)
	}
	mustRun(t, 0, "apply", "--project", dir)
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		e := &env{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: io.Discard, Vars: map[string]string{}, Now: time.Now}
		done <- run(ctx, []string{"serve", "--project", dir, "--addr", addr}, e)
	}()
	defer func() { cancel(); <-done }()
	get := func(path string) string {
		t.Helper()
		for i := 0; i < 50; i++ {
			resp, err := http.Get("http://" + addr + path)
			if err == nil {
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				return resp.Status + " " + string(b)
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Fatalf("GET %s: server not reachable", path)
		return ""
	}
	if got := get("/v1/datasets/customer_revenue/keys/1?fields=revenue"); !strings.HasPrefix(got, "200") || !strings.Contains(got, `"revenue":"37.50"`) && !strings.Contains(got, `"revenue":37.5`) {
		t.Errorf("key 1: %s", got)
	}
	model := filepath.Join(dir, "models", "marts", "customer_revenue.sql")
	for i := 0; i < 3; i++ {
		b, _ := os.ReadFile(model)
		write(t, model, string(b)+"-- change\n")
		mustRun(t, 0, "apply", "--project", dir)
	}
	stdout, _ = mustRun(t, 0, "nostos", "list", "customer_revenue", "--project", dir)
	for _, want := range []string{"v4", "v3", "v2"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("list lacks %s:\n%s", want, stdout)
		}
	}
	if strings.Contains(stdout, "v1 ") || strings.Contains(stdout, "v1\n") {
		t.Errorf("v1 should be dropped (keep = 3):\n%s", stdout)
	}
	mustRun(t, 0, "nostos", "rollback", "customer_revenue", "--to", "2", "--project", dir)
	if got := get("/v1/datasets/customer_revenue"); !strings.Contains(got, `"active":2`) {
		t.Errorf("after rollback: %s", got)
	}
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// TestSinkExportFromPostgres exports the skeleton's dataset from a
// PostgreSQL target, serves it over real HTTP and reads a key back.
func TestSinkExportFromPostgres(t *testing.T) {
	dsn := adaptertest.PostgresDB(t)
	dir := filepath.Join(t.TempDir(), "demo")
	mustRun(t, 0, "init", dir)
	vars := map[string]string{"QUILL_PROD_DSN": dsn}
	if out, errs, code := runQuill(t, []string{"apply", "--project", dir, "--target", "prod"}, vars); code != 0 {
		t.Fatalf("apply: exit %d\n%s\n%s", code, out, errs)
	}
	st, err := nostos.OpenEmbedded(nostosDir(dir))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(serve.NewHandler(st, serve.Options{}))
	defer srv.Close()
	defer st.Close()
	resp, err := http.Get(srv.URL + "/v1/datasets/customer_revenue/keys/3?fields=name,revenue")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if got := string(b); resp.StatusCode != 200 || !strings.Contains(got, `"name":"Edsger Dijkstra"`) || !strings.Contains(got, "5.25") {
		t.Errorf("key 3: %d %s", resp.StatusCode, got)
	}
}

package serve

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quill-etl/quill/adapters/nostos"
)

// sliceRows is a nostos.Rows over fixed rows.
type sliceRows struct {
	cols []string
	rows [][]any
}

func (r *sliceRows) Columns() []string { return r.cols }
func (r *sliceRows) Next() ([]any, error) {
	if len(r.rows) == 0 {
		return nil, io.EOF
	}
	row := r.rows[0]
	r.rows = r.rows[1:]
	return row, nil
}

// fixture exports two versions of "users" (key id) and one of "cities"
// (composite key, lists) into a fresh store.
func fixture(t testing.TB) *nostos.Embedded {
	t.Helper()
	s, err := nostos.OpenEmbedded(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	ctx := context.Background()
	for run := int64(1); run <= 2; run++ {
		rows := &sliceRows{cols: []string{"id", "name", "plan", "run"}}
		for id := int64(1); id <= 100; id++ {
			rows.rows = append(rows.rows, []any{id, fmt.Sprintf("u%d", id), "pro", run})
		}
		if _, err := nostos.Export(ctx, rows, s, nostos.Spec{Dataset: "users", Key: []string{"id"}, Keep: 3}); err != nil {
			t.Fatal(err)
		}
	}
	cities := &sliceRows{cols: []string{"country", "city", "name"}, rows: [][]any{
		{"fr", "paris", "a"}, {"fr", "paris", "b"}, {"fr", "a,b", "comma"}, {"de", "köln", "k"},
	}}
	if _, err := nostos.Export(ctx, cities, s, nostos.Spec{Dataset: "cities", Key: []string{"country", "city"}, Collect: "list"}); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestAPI(t *testing.T) {
	s := fixture(t)
	m := NewMetrics()
	srv := httptest.NewServer(NewHandler(s, Options{Token: "s3cret", Metrics: m}))
	defer srv.Close()
	auth := "Bearer s3cret"
	long := "/v1/datasets/users/keys/" + strings.Repeat("x", 9000)
	for _, c := range []struct {
		method, path, auth, body string
		code                     int
		want                     string // substring of the body
	}{
		{"GET", "/v1/datasets/users/keys/7", auth, "", 200, `{"dataset":"users","version":2,"key":"7","value":{"name":"u7","plan":"pro","run":2}}`},
		{"GET", "/v1/datasets/users/keys/7?fields=run,name", auth, "", 200, `"value":{"run":2,"name":"u7"}`},
		{"GET", "/v1/datasets/users/keys/7?version=1&fields=run", auth, "", 200, `"version":1,"key":"7","value":{"run":1}`},
		{"HEAD", "/v1/datasets/users/keys/7", auth, "", 200, ``},
		{"GET", "/v1/datasets/cities/keys/fr,paris", auth, "", 200, `"value":[{"name":"a"},{"name":"b"}]`},
		{"GET", "/v1/datasets/cities/keys/fr,a%5C%2Cb", auth, "", 200, `"value":[{"name":"comma"}]`},
		{"GET", "/v1/datasets/cities/keys/de,k%C3%B6ln", auth, "", 200, `"key":"de,köln"`},
		{"GET", "/v1/datasets", auth, "", 200, `"name":"cities"`},
		{"GET", "/v1/datasets/users", auth, "", 200, `"active":2`},
		{"GET", "/healthz", "", "", 200, `"ok"`},
		{"GET", "/v1/datasets/users/keys/7?fields=nope", auth, "", 400, `no such field \"nope\"`},
		{"GET", "/v1/datasets/users/keys/7?fields=a,,b", auth, "", 400, `empty field name`},
		{"GET", "/v1/datasets/users/keys/7?fields=name,name", auth, "", 400, `asked twice`},
		{"GET", "/v1/datasets/users/keys/7?version=x", auth, "", 400, `positive integer`},
		{"GET", "/v1/datasets/users/keys/7?version=1&version=2", auth, "", 400, `more than once`},
		{"GET", "/v1/datasets/users/keys/7?field=name", auth, "", 400, `unknown query parameter \"field\"`},
		{"GET", "/v1/datasets/users/keys/7?%zz", auth, "", 400, `malformed query string`},
		{"GET", "/v1/datasets/cities/keys/fr", auth, "", 400, `has 1 parts`},
		{"GET", "/v1/datasets/cities/keys/fr,a%5Cb", auth, "", 400, `must be followed`},
		{"GET", "/v1/datasets/bad-name", auth, "", 400, `invalid dataset name`},
		{"GET", "/v1/datasets?x=1", auth, "", 400, `no query parameters`},
		{"GET", "/v1/datasets/users/keys/7", "", "", 401, `bearer token is required`},
		{"GET", "/v1/datasets", "Bearer wrong", "", 401, `bearer token`},
		{"GET", "/v1/datasets/users/keys/999", auth, "", 404, `no such key`},
		{"GET", "/v1/datasets/nope/keys/1", auth, "", 404, `no such dataset`},
		{"GET", "/v1/datasets/nope", auth, "", 404, `no such dataset`},
		{"GET", "/v1/datasets/users/keys/7?version=9", auth, "", 404, `no such version`},
		{"GET", "/v1/other", auth, "", 404, ``},
		{"POST", "/v1/datasets/users/keys/7", auth, "", 405, ``},
		{"DELETE", "/v1/datasets/users", auth, "", 405, ``},
		{"PUT", "/v1/datasets/users/keys/7", auth, `{"a":1}`, 413, `read-only`},
		{"GET", long, auth, "", 414, `longer than 8 KiB`},
	} {
		req, err := http.NewRequest(c.method, srv.URL+c.path, strings.NewReader(c.body))
		if err != nil {
			t.Fatal(err)
		}
		if c.body == "" {
			req.Body, req.ContentLength = nil, 0
		}
		if c.auth != "" {
			req.Header.Set("Authorization", c.auth)
		}
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != c.code || !strings.Contains(string(body), c.want) {
			t.Errorf("%s %s: %d %s\nwant %d with %s", c.method, c.path, resp.StatusCode, body, c.code, c.want)
		}
		if c.code != 405 && c.code != 404 || strings.HasPrefix(string(body), "{") {
			if len(body) > 0 && !json.Valid(body) {
				t.Errorf("%s %s: not JSON: %s", c.method, c.path, body)
			}
		}
	}
	if n := m.Requests("GET /v1/datasets/{name}/keys/{key}", 404); n != 3 {
		t.Errorf("metrics: %d key 404s, want 3", n)
	}
	resp, err := http.Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{
		`quill_serve_requests_total{route="GET /v1/datasets/{name}/keys/{key}",code="200"} 7`,
		`quill_serve_requests_total{route="other",code="401"} 2`,
		`quill_serve_request_duration_seconds_bucket{route="GET /healthz",le="+Inf"} 1`,
		"# TYPE quill_serve_request_duration_seconds histogram",
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("metrics lack %s:\n%s", want, body)
		}
	}
}

// TestInternalError: a corrupt manifest is a 500 without details.
func TestInternalError(t *testing.T) {
	s := fixture(t)
	if err := os.WriteFile(filepath.Join(s.Root(), "users", "manifest.json"), []byte("{garbage"), 0o644); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(NewHandler(s, Options{}))
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/v1/datasets/users/keys/1")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 500 || strings.Contains(string(body), s.Root()) {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
}

// FuzzHandler throws arbitrary paths and query strings at the handler: it
// must never panic, must answer one of the documented statuses, and /v1/
// answers must be JSON.
func FuzzHandler(f *testing.F) {
	s := fixture(f)
	h := NewHandler(s, Options{})
	for _, seed := range [][2]string{
		{"/v1/datasets/users/keys/7", "fields=name"}, {"/v1/datasets/cities/keys/fr,a%5C%2Cb", ""},
		{"/v1/datasets/users/keys/%zz", "version=-1"}, {"/v1/datasets/../keys/x", "fields=,"},
		{"/v1/datasets", ""}, {"/metrics", ""}, {"/v1/datasets/users/keys/", "version=99999999999999999999"},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, path, query string) {
		req := &http.Request{Method: "GET", URL: nil, Header: http.Header{}, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1}
		u, err := (&http.Request{}).URL.Parse("http://x" + path + "?" + query)
		if err != nil || u == nil {
			return
		}
		req.URL, req.RequestURI, req.Host = u, u.RequestURI(), "x"
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req.WithContext(context.Background()))
		switch rec.Code {
		case 200, 301, 307, 308, 400, 404, 405, 414:
		default:
			t.Fatalf("%s?%s: status %d: %s", path, query, rec.Code, rec.Body)
		}
		if strings.HasPrefix(u.Path, "/v1/") && rec.Code != 404 && rec.Code != 405 && rec.Code < 300 || rec.Code == 400 {
			if !json.Valid(rec.Body.Bytes()) {
				t.Fatalf("%s?%s: %d not JSON: %s", path, query, rec.Code, rec.Body)
			}
		}
	})
}

package s3

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

const (
	testAccess = "AKIATESTACCESSKEY"
	testSecret = "sEcReT/tEsT+kEy"
)

// fakeS3 starts an in-process S3-compatible server over real HTTP with one
// bucket and returns its URL.
func fakeS3(t *testing.T, bucket string) string {
	t.Helper()
	be := s3mem.New()
	if err := be.CreateBucket(bucket); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(gofakes3.New(be).Server())
	t.Cleanup(srv.Close)
	return srv.URL
}

func testCtx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return c
}

func openStore(t *testing.T, cfg Config) *Store {
	t.Helper()
	s, err := Open(testCtx(t), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func testConfig(endpoint, prefix string) Config {
	return Config{Endpoint: endpoint, Bucket: "b", Prefix: prefix, AccessKey: testAccess, SecretKey: testSecret, PathStyle: true}
}

func readAll(t *testing.T, rc io.ReadCloser, err error) string {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestPutGetRange(t *testing.T) {
	ctx := testCtx(t)
	url := fakeS3(t, "b")
	s := openStore(t, testConfig(url, "stage/run1")) // no trailing slash: added
	body := "0123456789abcdefghij"
	if err := s.Put(ctx, "a/part-0.csv", strings.NewReader(body)); err != nil {
		t.Fatal(err)
	}
	rc, err := s.Get(ctx, "a/part-0.csv")
	if got := readAll(t, rc, err); got != body {
		t.Errorf("Get = %q, want %q", got, body)
	}
	for _, c := range []struct {
		off, n int64
		want   string
	}{{0, 1, "0"}, {5, 10, "56789abcde"}, {15, 100, "fghij"}} {
		rc, err := s.GetRange(ctx, "a/part-0.csv", c.off, c.n)
		if got := readAll(t, rc, err); got != c.want {
			t.Errorf("GetRange(%d, %d) = %q, want %q", c.off, c.n, got, c.want)
		}
	}
	if _, err := s.GetRange(ctx, "a/part-0.csv", 0, 0); err == nil {
		t.Error("GetRange with n = 0: no error")
	}
	if got, want := s.URL("a/part-0.csv"), "s3://b/stage/run1/a/part-0.csv"; got != want {
		t.Errorf("URL = %q, want %q", got, want)
	}
	// The prefix is part of the object's real key.
	root := openStore(t, testConfig(url, ""))
	rc, err = root.Get(ctx, "stage/run1/a/part-0.csv")
	if got := readAll(t, rc, err); got != body {
		t.Errorf("Get through the bucket root = %q", got)
	}
	// An empty body is an empty object.
	if err := s.Put(ctx, "empty", strings.NewReader("")); err != nil {
		t.Fatal(err)
	}
	rc, err = s.Get(ctx, "empty")
	if got := readAll(t, rc, err); got != "" {
		t.Errorf("empty object = %q", got)
	}
}

func TestGetMissingIsNotExist(t *testing.T) {
	s := openStore(t, testConfig(fakeS3(t, "b"), "p/"))
	_, err := s.Get(testCtx(t), "nope")
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("Get(missing) = %v, want an error matching fs.ErrNotExist", err)
	}
	if !strings.Contains(err.Error(), "nope") {
		t.Errorf("error does not name the key: %v", err)
	}
}

// TestPutMultipart streams a body longer than one part through a pipe, as
// the Redshift stage does, and reads it back.
func TestPutMultipart(t *testing.T) {
	ctx := testCtx(t)
	cfg := testConfig(fakeS3(t, "b"), "big")
	cfg.PartSize = minPartSize
	s := openStore(t, cfg)
	want := make([]byte, 2*minPartSize+12345) // three parts, the last short
	for i := range want {
		want[i] = byte(i*7 + i/4096)
	}
	pr, pw := io.Pipe()
	go func() {
		for b := want; len(b) > 0; b = b[min(len(b), 100_000):] { // writes that do not line up with parts
			if _, err := pw.Write(b[:min(len(b), 100_000)]); err != nil {
				return
			}
		}
		pw.Close()
	}()
	if err := s.Put(ctx, "blob", pr); err != nil {
		t.Fatal(err)
	}
	rc, err := s.Get(ctx, "blob")
	if got := readAll(t, rc, err); got != string(want) {
		t.Fatalf("multipart object differs: %d bytes, want %d", len(got), len(want))
	}
	rc, err = s.GetRange(ctx, "blob", minPartSize-3, 6) // across a part boundary
	if got := readAll(t, rc, err); got != string(want[minPartSize-3:minPartSize+3]) {
		t.Errorf("range across parts = %x", got)
	}
}

// failingReader yields n bytes, then an error.
type failingReader struct{ n int }

func (r *failingReader) Read(p []byte) (int, error) {
	if r.n == 0 {
		return 0, errors.New("source broke")
	}
	k := min(len(p), r.n)
	clear(p[:k])
	r.n -= k
	return k, nil
}

func TestPutFailingBodyLeavesNothing(t *testing.T) {
	ctx := testCtx(t)
	cfg := testConfig(fakeS3(t, "b"), "")
	cfg.PartSize = minPartSize
	s := openStore(t, cfg)
	for _, n := range []int{10, minPartSize + 10} { // single put, multipart
		err := s.Put(ctx, fmt.Sprintf("broken-%d", n), &failingReader{n: n})
		if err == nil || !strings.Contains(err.Error(), "source broke") {
			t.Errorf("Put(%d bytes then an error) = %v, want the body's error", n, err)
		}
	}
	objs, err := s.List(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(objs) != 0 {
		t.Errorf("objects after failed puts: %v", objs)
	}
}

func TestListPaginatesAndDelete(t *testing.T) {
	ctx := testCtx(t)
	url := fakeS3(t, "b")
	cfg := testConfig(url, "snap/")
	cfg.ListPageSize = 2
	s := openStore(t, cfg)
	other := openStore(t, testConfig(url, "snapshot-other")) // shares "snap" as a string prefix
	if err := other.Put(ctx, "x", strings.NewReader("x")); err != nil {
		t.Fatal(err)
	}
	var want []Object
	for i := range 7 {
		key := fmt.Sprintf("t/f%02d.db", i)
		body := strings.Repeat("z", i)
		if err := s.Put(ctx, key, strings.NewReader(body)); err != nil {
			t.Fatal(err)
		}
		want = append(want, Object{Key: key, Size: int64(i)})
	}
	if err := s.Put(ctx, "u/other", strings.NewReader("o")); err != nil {
		t.Fatal(err)
	}
	got, err := s.List(ctx, "t/")
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("List(t/) (-want +got):\n%s", d)
	}
	all, err := s.List(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 8 {
		t.Errorf("List() = %d objects, want 8 (the other prefix's object excluded): %v", len(all), all)
	}
	if err := s.Delete(ctx, []string{"t/f00.db", "t/f03.db", "u/other", "never-existed"}); err != nil {
		t.Fatal(err)
	}
	got, err = s.List(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, o := range got {
		keys = append(keys, o.Key)
	}
	wantKeys := []string{"t/f01.db", "t/f02.db", "t/f04.db", "t/f05.db", "t/f06.db"}
	if d := cmp.Diff(wantKeys, keys); d != "" {
		t.Errorf("after Delete (-want +got):\n%s", d)
	}
	if err := s.Delete(ctx, nil); err != nil {
		t.Errorf("Delete(nil) = %v", err)
	}
}

func TestErrorsHideCredentials(t *testing.T) {
	ctx := testCtx(t)
	url := fakeS3(t, "b")
	cfg := testConfig(url, "")
	cfg.Bucket = "missing-bucket"
	s := openStore(t, cfg)
	errs := []error{
		s.Put(ctx, "k", strings.NewReader("v")),
		s.Delete(ctx, []string{"k"}),
	}
	_, err := s.List(ctx, "")
	errs = append(errs, err)
	_, err = s.Get(ctx, "k")
	errs = append(errs, err)
	for i, err := range errs {
		if err == nil {
			t.Errorf("call %d on a missing bucket: no error", i)
			continue
		}
		if strings.Contains(err.Error(), testSecret) || strings.Contains(err.Error(), testAccess) {
			t.Errorf("error shows a credential: %v", err)
		}
	}
	// The redaction itself, whatever the server says.
	e := s.wrap(errors.New("signature for "+testAccess+" with "+testSecret+" rejected"), "writing %s", "k")
	if strings.Contains(e.Error(), testSecret) || strings.Contains(e.Error(), testAccess) {
		t.Errorf("wrap does not redact: %v", e)
	}
	if _, err := Open(ctx, Config{Bucket: "b", AccessKey: testAccess}); err == nil || strings.Contains(err.Error(), testAccess) {
		t.Errorf("Open with an access key only = %v, want an error without the key", err)
	}
}

func TestParseURL(t *testing.T) {
	for _, c := range []struct{ in, bucket, prefix string }{
		{"s3://b/p/q/", "b", "p/q/"},
		{"s3://b", "b", ""},
		{"s3://b/", "b", ""},
	} {
		b, p, err := ParseURL(c.in)
		if err != nil || b != c.bucket || p != c.prefix {
			t.Errorf("ParseURL(%q) = %q, %q, %v", c.in, b, p, err)
		}
	}
	for _, bad := range []string{"", "b/p", "s3:///p", "https://b/p"} {
		if _, _, err := ParseURL(bad); err == nil {
			t.Errorf("ParseURL(%q): no error", bad)
		}
	}
}

func TestOpenRegion(t *testing.T) {
	// With an endpoint and no region anywhere, the store still opens
	// (S3-compatible servers ignore the region).
	t.Setenv("AWS_REGION", "")
	t.Setenv("AWS_DEFAULT_REGION", "")
	t.Setenv("AWS_CONFIG_FILE", "/nonexistent")
	s := openStore(t, Config{Endpoint: "http://127.0.0.1:1", Bucket: "b", AccessKey: "a", SecretKey: "s"})
	if got := s.client.Options().Region; got != "us-east-1" {
		t.Errorf("region = %q", got)
	}
	if _, err := Open(testCtx(t), Config{Bucket: "b"}); err == nil {
		t.Error("AWS S3 without a region: no error")
	}
	if s.URL("k") != "s3://b/k" {
		t.Errorf("URL without prefix = %q", s.URL("k"))
	}
}

package adaptertest

import (
	"fmt"
	"strings"
	"testing"
)

// fakeTB records how Postgres ends a test instead of ending this one.
type fakeTB struct {
	testing.TB
	how, msg string
}

type stopped struct{}

func (f *fakeTB) Helper() {}
func (f *fakeTB) Fatalf(format string, args ...any) {
	f.how, f.msg = "fatal", fmt.Sprintf(format, args...)
	panic(stopped{})
}
func (f *fakeTB) Skipf(format string, args ...any) {
	f.how, f.msg = "skip", fmt.Sprintf(format, args...)
	panic(stopped{})
}

func call(tb *fakeTB) (dsn string) {
	defer func() {
		if r := recover(); r != nil && r != (stopped{}) {
			panic(r)
		}
	}()
	return Postgres(tb)
}

func TestPostgresSkipsOnlyOutsideCI(t *testing.T) {
	for _, tc := range []struct{ env, ci, how, dsn string }{
		{"", "", "skip", ""},
		{"", "true", "fatal", ""},
		{"postgres://x", "true", "", "postgres://x"},
	} {
		t.Setenv(EnvPostgres, tc.env)
		t.Setenv("CI", tc.ci)
		f := &fakeTB{TB: t}
		dsn := call(f)
		if f.how != tc.how || dsn != tc.dsn {
			t.Errorf("env=%q CI=%q: ended with %q, dsn %q; want %q, %q", tc.env, tc.ci, f.how, dsn, tc.how, tc.dsn)
		}
		if f.how != "" && !strings.Contains(f.msg, EnvPostgres) {
			t.Errorf("message %q does not name %s", f.msg, EnvPostgres)
		}
	}
}

func TestWithDatabase(t *testing.T) {
	for in, want := range map[string]string{
		"postgres://u:p@h:5/postgres?sslmode=disable": "postgres://u:p@h:5/quill_test_x?sslmode=disable",
		"postgresql://h/":               "postgresql://h/quill_test_x",
		"host=h user=u dbname=postgres": "host=h user=u dbname=postgres dbname=quill_test_x",
	} {
		if got := withDatabase(in, "quill_test_x"); got != want {
			t.Errorf("withDatabase(%q) = %q, want %q", in, got, want)
		}
	}
}

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestIncrementalAndUpsert applies testdata/e2e/incremental, changes its
// seeds, and applies again: the incremental log appends only new events,
// the upsert table updates changed users and inserts new ones, and a
// refresh rebuilds both in full.
func TestIncrementalAndUpsert(t *testing.T) {
	dir := copyProject(t, filepath.Join("..", "..", "testdata", "e2e", "incremental"))
	db := filepath.Join(dir, ".quill", "dev.duckdb")
	mustRun(t, 0, "apply", "--project", dir)
	// Events are immutable upstream; a late edit of event 1 must not reach
	// the log, which only takes ids it has not seen.
	write(t, filepath.Join(dir, "seeds/raw/events.csv"), "id,user_id,kind\n1,1,EDITED\n2,1,click\n3,2,open\n4,2,close\n5,3,open\n")
	write(t, filepath.Join(dir, "seeds/raw/users.csv"), "id,name,plan\n1,ann,pro\n2,bob,pro\n3,cy,free\n")
	stdout, _ := mustRun(t, 0, "plan", "--project", dir)
	for _, want := range []string{"~ marts.events_log  model (incremental): incremental run", "~ marts.users       model (upsert): upsert run", "2 to update"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("plan lacks %q:\n%s", want, stdout)
		}
	}
	mustRun(t, 0, "apply", "--project", dir)
	if d := cmp.Diff([][]string{{"1", "open"}, {"2", "click"}, {"3", "open"}, {"4", "close"}, {"5", "open"}},
		queryDuck(t, db, `SELECT id, kind FROM marts.events_log ORDER BY id`)); d != "" {
		t.Errorf("events_log (-want +got):\n%s", d)
	}
	if d := cmp.Diff([][]string{{"1", "ann", "PRO"}, {"2", "bob", "PRO"}, {"3", "cy", "FREE"}},
		queryDuck(t, db, `SELECT id, name, plan FROM marts.users ORDER BY id`)); d != "" {
		t.Errorf("users (-want +got):\n%s", d)
	}
	res := readResults(t, dir)
	for _, n := range res.Nodes {
		if n.Name == "marts.users" {
			kinds := []string{}
			for _, c := range n.Checks {
				kinds = append(kinds, c.Kind+":"+c.Rule+":"+c.Status)
			}
			want := []string{"primary_key:upsert_staging:pass", "row_count:upsert_merge:pass", "sample_diff:upsert:pass", "primary_key:declared:pass"}
			if d := cmp.Diff(want, kinds); d != "" {
				t.Errorf("upsert checks (-want +got):\n%s", d)
			}
		}
	}
	mustRun(t, 0, "apply", "--project", dir, "--refresh", "--select", "marts.events_log")
	if d := cmp.Diff([][]string{{"1", "EDITED"}}, queryDuck(t, db, `SELECT id, kind FROM marts.events_log WHERE id = 1`)); d != "" {
		t.Errorf("refresh did not rebuild in full (-want +got):\n%s", d)
	}
}

func write(t *testing.T, path, body string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/quill-etl/quill/adapters/adaptertest"
	"github.com/quill-etl/quill/adapters/postgres"
)

// crashRelations are the relations of testdata/e2e/crash; each has 50,000
// rows whose h column hashes the salt of the run that built it.
var crashRelations = []string{"gen.base", "gen.a1", "gen.a2", "gen.a3", "gen.a4", "gen.chain", "gen.v_a1", "gen.v_chain"}

// TestCrashApplyPostgres kills `quill apply` with SIGKILL at random instants,
// several times in a row, and checks after each kill that every relation
// that existed is still complete and readable; then `--resume last` finishes,
// leaves no temporary relation behind, and gives what a clean run gives.
func TestCrashApplyPostgres(t *testing.T) {
	dsn := adaptertest.PostgresDB(t)
	bin := buildQuill(t)
	dir := copyProject(t, filepath.Join("..", "..", "testdata", "e2e", "crash"))
	ctx := context.Background()
	pg, err := postgres.Open(ctx, dsn, postgres.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()

	quill := func(args ...string) *exec.Cmd {
		cmd := exec.Command(bin, append([]string{"--project", dir}, args...)...)
		cmd.Env = append(os.Environ(), "QUILL_TEST_DSN="+dsn, "NO_COLOR=1")
		return cmd
	}
	if out, err := quill("apply", "--var", "salt=0").CombinedOutput(); err != nil {
		t.Fatalf("first apply: %v\n%s", err, out)
	}
	valid := map[string]string{checksum(t, pg, 0): "salt 0"}
	checkComplete(t, pg, "crash_", valid)

	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7))
	const kills = 4
	for k := 1; k <= kills; k++ {
		valid[checksum(t, pg, k)] = fmt.Sprintf("salt %d", k)
		cmd := quill("apply", "--var", fmt.Sprintf("salt=%d", k), "--refresh")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		delay := time.Duration(100+rng.IntN(1400)) * time.Millisecond
		time.Sleep(delay)
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		t.Logf("kill %d after %v", k, delay)
		checkComplete(t, pg, "crash_", valid)
	}
	waitIdle(t, pg)
	if out, err := quill("apply", "--var", fmt.Sprintf("salt=%d", kills), "--refresh", "--resume", "last").CombinedOutput(); err != nil {
		t.Fatalf("resume: %v\n%s", err, out)
	}
	final := map[string]string{checksum(t, pg, kills): "final salt"}
	checkComplete(t, pg, "crash_", final)
	res, err := pg.Query(ctx, `SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE c.relname LIKE '__quill_tmp_%' AND c.relkind IN ('r', 'v')`)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rows) > 0 {
		t.Errorf("temporary relations left behind: %v", res.Rows)
	}
	if out, err := quill("apply", "--target", "clean", "--var", fmt.Sprintf("salt=%d", kills)).CombinedOutput(); err != nil {
		t.Fatalf("clean apply: %v\n%s", err, out)
	}
	for _, rel := range crashRelations {
		r, c := "crash_"+rel, "clean_"+rel
		if a, b := relationRows(t, pg, r), relationRows(t, pg, c); a != b {
			t.Errorf("%s after resume differs from a clean run's %s", r, c)
		}
	}
}

// checkComplete asserts that every crash relation exists, has all its rows,
// and that its rows are those of one whole run.
func checkComplete(t *testing.T, pg *postgres.Warehouse, prefix string, valid map[string]string) {
	t.Helper()
	for _, rel := range crashRelations {
		res, err := pg.Query(context.Background(), `SELECT count(*), md5(string_agg(h, ',' ORDER BY id)) FROM `+prefix+rel)
		if err != nil {
			t.Errorf("%s%s is not readable: %v", prefix, rel, err)
			continue
		}
		n, sum := fmt.Sprint(res.Rows[0][0]), fmt.Sprint(res.Rows[0][1])
		if n != "50000" || valid[sum] == "" {
			t.Errorf("%s%s is torn: %s rows, checksum %s matches no run", prefix, rel, n, sum)
		}
	}
}

// checksum is what checkComplete reads from a complete relation built with salt.
func checksum(t *testing.T, pg *postgres.Warehouse, salt int) string {
	t.Helper()
	res, err := pg.Query(context.Background(),
		`SELECT md5(string_agg(md5(g::text || $1), ',' ORDER BY g)) FROM generate_series(1, 50000) AS g`, fmt.Sprint(salt))
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprint(res.Rows[0][0])
}

func relationRows(t *testing.T, pg *postgres.Warehouse, rel string) string {
	t.Helper()
	res, err := pg.Query(context.Background(), `SELECT md5(string_agg(t::text, ',' ORDER BY t::text)) FROM `+rel+` t`)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprint(res.Rows[0][0])
}

// waitIdle waits for the server backends of killed clients to end: a
// statement a killed apply sent can still be running on the server.
func waitIdle(t *testing.T, pg *postgres.Warehouse) {
	t.Helper()
	for i := 0; i < 100; i++ {
		res, err := pg.Query(context.Background(), `SELECT count(*) FROM pg_stat_activity
			WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'`)
		if err == nil && fmt.Sprint(res.Rows[0][0]) == "0" {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Log("other backends still active after 10s")
}

// buildQuill builds the quill binary for tests that need a real process.
func buildQuill(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "quill")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, strings.TrimSpace(string(out)))
	}
	return bin
}

package duckdb

import (
	"bufio"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// envHold makes TestHelperHoldFile hold the file it names: the test binary
// runs itself as "another quill apply".
const envHold = "QUILL_DUCKDB_HOLD"

// TestHelperHoldFile opens a database, says "ready" and keeps it open until
// its stdin closes. It does nothing in a normal run.
func TestHelperHoldFile(t *testing.T) {
	path := os.Getenv(envHold)
	if path == "" {
		t.Skip("helper process only")
	}
	w, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	os.Stdout.WriteString("ready\n")
	_, _ = io.Copy(io.Discard, os.Stdin)
	w.Close()
}

// holdInOtherProcess opens path in a child process and returns a function
// that makes the child close it and exit.
func holdInOtherProcess(t *testing.T, path string) (stop func()) {
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperHoldFile$")
	cmd.Env = append(os.Environ(), envHold+"="+path)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || line != "ready\n" {
		t.Fatalf("helper: %q, %v", line, err)
	}
	stopped := false
	stop = func() {
		if !stopped {
			stopped = true
			stdin.Close()
			_ = cmd.Wait()
		}
	}
	t.Cleanup(stop)
	return stop
}

func TestOpenWaitsForAnotherProcess(t *testing.T) {
	path := filepath.Join(t.TempDir(), "held.duckdb")
	stop := holdInOtherProcess(t, path)

	// Gives up when its context ends, after saying it waits.
	waits := 0
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	_, err := Open(ctx, path, Options{Waiting: func() { waits++ }, RetryEvery: 50 * time.Millisecond})
	if !errors.Is(err, context.DeadlineExceeded) || waits != 1 {
		t.Fatalf("Open while held: err = %v, waits = %d; want a deadline error and 1 wait", err, waits)
	}

	// Opens once the other process lets go.
	waits = 0
	done := make(chan error, 1)
	go func() {
		w, err := Open(context.Background(), path, Options{Waiting: func() { waits++ }, RetryEvery: 50 * time.Millisecond})
		if err == nil {
			err = w.Close()
		}
		done <- err
	}()
	time.Sleep(300 * time.Millisecond)
	stop()
	select {
	case err := <-done:
		if err != nil || waits != 1 {
			t.Fatalf("Open after release: err = %v, waits = %d", err, waits)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Open still waiting after the other process exited")
	}
}

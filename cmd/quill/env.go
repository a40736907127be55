package main

import (
	"io"
	"os"
	"strings"
	"time"

	"golang.org/x/term"
)

// env is everything a command takes from the process: streams, environment
// variables and the clock. Tests build their own, so no command reads the
// process directly.
type env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Vars   map[string]string // environment variables
	TTY    bool              // stdout is a terminal: live progress
	Now    func() time.Time

	secrets []string // values redact hides; filled when a project is compiled
}

func newEnv(stdin io.Reader, stdout, stderr *os.File) *env {
	vars := map[string]string{}
	for _, kv := range os.Environ() {
		if k, v, ok := strings.Cut(kv, "="); ok {
			vars[k] = v
		}
	}
	return &env{Stdin: stdin, Stdout: stdout, Stderr: stderr, Vars: vars,
		TTY: term.IsTerminal(int(stdout.Fd())), Now: time.Now}
}

// color reports whether output may use ANSI colours.
func (e *env) color() bool {
	_, no := e.Vars["NO_COLOR"]
	return e.TTY && !no
}

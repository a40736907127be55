package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"
)

// Exit codes of SPEC §1.
const (
	exitOK       = 0
	exitUser     = 1 // user or data error
	exitInternal = 2
)

// exitError carries an exit code out of a command; its message, when not
// empty, is printed on stderr.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

func fail(code int, format string, args ...any) error {
	return &exitError{code: code, msg: fmt.Sprintf(format, args...)}
}

// run builds the command tree and runs it; it returns the process exit code.
func run(ctx context.Context, args []string, e *env) int {
	root := &cobra.Command{
		Use:           "quill",
		Short:         "quill compiles, plans and applies SQL-first ETL projects",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	g := &globalFlags{}
	root.PersistentFlags().StringVar(&g.project, "project", ".", "project directory")
	root.PersistentFlags().BoolVar(&g.json, "json", false, "print reports as JSON")
	root.PersistentFlags().StringArrayVar(&g.vars, "var", nil, "set a variable: --var name=value (repeatable)")
	root.AddCommand(initCmd(e), compileCmd(e, g), planCmd(e, g), applyCmd(e, g), testCmd(e, g), scanCmd(e), docsCmd(e, g), serveCmd(e, g), nostosCmd(e, g))
	root.SetArgs(args)
	root.SetOut(e.Stdout)
	root.SetErr(e.Stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	var xe *exitError
	if errors.As(err, &xe) {
		if xe.msg != "" {
			fmt.Fprintln(e.Stderr, redact(xe.msg, e))
		}
		return xe.code
	}
	fmt.Fprintln(e.Stderr, "Error:", redact(err.Error(), e))
	return exitUser // flag and argument errors
}

package main

import (
	"fmt"
	"strings"

	"github.com/quill-etl/quill/planner"
	"github.com/quill-etl/quill/runtime"
	"github.com/spf13/cobra"
)

func testCmd(e *env, g *globalFlags) *cobra.Command {
	var target string
	var selects []string
	c := &cobra.Command{
		Use:   "test",
		Short: "Run every check (declared and inferred) against what is in the target now",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			p, err := compileProject(ctx, e, g, target)
			if err != nil {
				return err
			}
			wh, err := openWarehouse(ctx, e, g.project, p.Target, 0)
			if err != nil {
				return err
			}
			defer wh.Close()
			st, err := stateOf(ctx, wh, p)
			if err != nil {
				return err
			}
			sel, diags := planner.Select(p, st, selects)
			if diags.HasErrors() {
				writeDiags(e, g, diags, p)
				return fail(exitUser, "")
			}
			res := runtime.Test(ctx, wh, p, sel)
			if g.json {
				writeJSON(e.Stdout, res)
			} else {
				for _, n := range res.Nodes {
					for _, c := range n.Checks {
						fmt.Fprintf(e.Stdout, "%-5s %s %s(%s) [%s] %d failing\n", c.Status, n.Name, c.Kind, strings.Join(c.Columns, ", "), c.Rule, c.Failures)
						for _, ex := range c.Examples {
							fmt.Fprintf(e.Stdout, "        %v\n", ex)
						}
					}
				}
				fmt.Fprintf(e.Stdout, "\nTest %s.\n", res.Status)
			}
			if !res.OK() {
				return fail(exitUser, "")
			}
			return nil
		},
	}
	c.Flags().StringVar(&target, "target", "", "target to test (default: the project's default_target)")
	c.Flags().StringArrayVarP(&selects, "select", "s", nil, "select nodes (as for plan)")
	return c
}

package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/quill-etl/quill/adapters"
	"github.com/quill-etl/quill/adapters/duckdb"
	"github.com/quill-etl/quill/models"
	"github.com/quill-etl/quill/planner"
	"github.com/quill-etl/quill/runtime"
	"github.com/spf13/cobra"
)

// testReport is what `quill test --json` prints.
type testReport struct {
	Checks    *runtime.Result          `json:"checks,omitempty"`
	UnitTests []runtime.UnitTestResult `json:"unit_tests"`
	Status    string                   `json:"status"`
}

func testCmd(e *env, g *globalFlags) *cobra.Command {
	var target string
	var selects []string
	var unitOnly bool
	c := &cobra.Command{
		Use:   "test",
		Short: "Run every check (declared and inferred) against the target, and the unit tests on the embedded engine",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			p, err := compileProject(ctx, e, g, target)
			if err != nil {
				return err
			}
			rep := &testReport{Status: "success"}
			if !unitOnly {
				if rep.Checks, err = dataChecks(ctx, e, g, p, selects); err != nil {
					return err
				}
				if !rep.Checks.OK() {
					rep.Status = "error"
				}
			}
			rep.UnitTests = runtime.RunUnitTests(ctx, func(ctx context.Context) (adapters.Warehouse, error) {
				return duckdb.Open(ctx, "", duckdb.Options{})
			}, p.UnitTests)
			for _, u := range rep.UnitTests {
				if u.Status != "pass" {
					rep.Status = "error"
				}
			}
			writeTestReport(e, g, rep)
			if rep.Status != "success" {
				return fail(exitUser, "")
			}
			return nil
		},
	}
	c.Flags().StringVar(&target, "target", "", "target to test (default: the project's default_target)")
	c.Flags().StringArrayVarP(&selects, "select", "s", nil, "select nodes (as for plan)")
	c.Flags().BoolVar(&unitOnly, "unit", false, "run only the unit tests (no warehouse is touched)")
	return c
}

// dataChecks runs the selected nodes' checks against the target.
func dataChecks(ctx context.Context, e *env, g *globalFlags, p *models.Project, selects []string) (*runtime.Result, error) {
	wh, err := openWarehouse(ctx, e, g.project, p.Target, 0)
	if err != nil {
		return nil, err
	}
	defer wh.Close()
	st, err := stateOf(ctx, wh, p)
	if err != nil {
		return nil, err
	}
	sel, diags := planner.Select(p, st, selects)
	if diags.HasErrors() {
		writeDiags(e, g, diags, p)
		return nil, fail(exitUser, "")
	}
	return runtime.Test(ctx, wh, p, sel), nil
}

func writeTestReport(e *env, g *globalFlags, rep *testReport) {
	if g.json {
		writeJSON(e.Stdout, rep)
		return
	}
	var b strings.Builder
	if rep.Checks != nil {
		for _, n := range rep.Checks.Nodes {
			for _, c := range n.Checks {
				fmt.Fprintf(&b, "%-5s %s %s(%s) [%s] %d failing\n", c.Status, n.Name, c.Kind, strings.Join(c.Columns, ", "), c.Rule, c.Failures)
				for _, ex := range c.Examples {
					fmt.Fprintf(&b, "        %v\n", ex)
				}
			}
		}
	}
	for _, u := range rep.UnitTests {
		fmt.Fprintf(&b, "%-5s unit_test %s (%s)\n", u.Status, u.Name, u.Model)
		if u.Error != "" {
			fmt.Fprintf(&b, "        %s\n", u.Error)
		}
		for _, r := range u.Missing {
			fmt.Fprintf(&b, "        missing    %s = %s\n", strings.Join(u.Columns, ", "), strings.Join(r, ", "))
		}
		for _, r := range u.Unexpected {
			fmt.Fprintf(&b, "        unexpected %s = %s\n", strings.Join(u.Columns, ", "), strings.Join(r, ", "))
		}
	}
	fmt.Fprintf(&b, "\nTest %s.\n", rep.Status)
	fmt.Fprint(e.Stdout, redact(b.String(), e))
}

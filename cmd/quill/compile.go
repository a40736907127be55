package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

func compileCmd(e *env, g *globalFlags) *cobra.Command {
	var target string
	c := &cobra.Command{
		Use:   "compile",
		Short: "Compile the project without touching any database; writes target/manifest.json",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			p, err := compileProject(cmd.Context(), e, g, target)
			if err != nil {
				return err
			}
			counts := map[string]int{}
			for _, n := range p.Nodes {
				counts[string(n.Kind)]++
			}
			if g.json {
				writeJSON(e.Stdout, map[string]any{"project": p.Name, "target": p.Target.Name, "nodes": counts, "manifest": "target/manifest.json"})
				return nil
			}
			fmt.Fprintf(e.Stdout, "Compiled %s for target %q: %d models, %d seeds, %d sources, %d sinks → target/manifest.json\n",
				p.Name, p.Target.Name, counts["model"], counts["seed"], counts["source"], counts["sink"])
			return nil
		},
	}
	c.Flags().StringVar(&target, "target", "", "target to compile for (default: the project's default_target)")
	return c
}

package main

import (
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/quill-etl/quill/adapters/nostos"
	"github.com/spf13/cobra"
)

func nostosCmd(e *env, g *globalFlags) *cobra.Command {
	c := &cobra.Command{
		Use:   "nostos",
		Short: "Inspect the versions of exported datasets and roll them back",
	}
	c.AddCommand(nostosListCmd(e, g), nostosRollbackCmd(e, g))
	return c
}

func nostosListCmd(e *env, g *globalFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "list [DATASET]",
		Short: "List a dataset's kept versions (or every dataset)",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			store, err := nostos.OpenEmbedded(nostosDir(g.project))
			if err != nil {
				return fail(exitInternal, "quill nostos: %v", err)
			}
			defer store.Close()
			if len(args) == 0 {
				ds, err := store.Datasets(cmd.Context())
				if err != nil {
					return storeFail(err)
				}
				if g.json {
					writeJSON(e.Stdout, map[string]any{"datasets": ds})
					return nil
				}
				tw := tabwriter.NewWriter(e.Stdout, 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "DATASET\tACTIVE\tVERSIONS\tKEYS")
				for _, d := range ds {
					a, _ := d.ActiveVersion()
					fmt.Fprintf(tw, "%s\tv%d\t%s\t%d\n", d.Name, d.Active, versionList(d), a.Keys)
				}
				return tw.Flush()
			}
			d, err := store.Dataset(cmd.Context(), args[0])
			if err != nil {
				return storeFail(err)
			}
			if g.json {
				writeJSON(e.Stdout, d)
				return nil
			}
			writeVersions(e, d)
			return nil
		},
	}
}

func writeVersions(e *env, d nostos.Dataset) {
	tw := tabwriter.NewWriter(e.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "VERSION\tACTIVE\tCREATED\tKEYS\tROWS\tBYTES\tFIELDS")
	for _, v := range d.Versions {
		active := ""
		if v.Active {
			active = "*"
		}
		fmt.Fprintf(tw, "v%d\t%s\t%s\t%d\t%d\t%d\t%s\n", v.Version, active, v.Created.Format(time.RFC3339),
			v.Keys, v.Rows, v.Bytes, strings.Join(v.Fields, ","))
	}
	_ = tw.Flush()
}

func versionList(d nostos.Dataset) string {
	s := make([]string, len(d.Versions))
	for i, v := range d.Versions {
		s[i] = fmt.Sprintf("v%d", v.Version)
	}
	return strings.Join(s, " ")
}

func nostosRollbackCmd(e *env, g *globalFlags) *cobra.Command {
	var to int
	c := &cobra.Command{
		Use:   "rollback DATASET",
		Short: "Make an older kept version of a dataset active (default: the one before the active one)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if to < 0 {
				return fail(exitUser, "--to %d: want a version number", to)
			}
			store, err := nostos.OpenEmbedded(nostosDir(g.project))
			if err != nil {
				return fail(exitInternal, "quill nostos: %v", err)
			}
			defer store.Close()
			before, err := store.Dataset(cmd.Context(), args[0])
			if err != nil {
				return storeFail(err)
			}
			now, err := store.Rollback(cmd.Context(), args[0], to)
			if err != nil {
				return storeFail(err)
			}
			if g.json {
				writeJSON(e.Stdout, map[string]any{"dataset": args[0], "active": now, "previous": before.Active})
				return nil
			}
			fmt.Fprintf(e.Stdout, "%s: v%d is active (was v%d)\n", args[0], now, before.Active)
			return nil
		},
	}
	c.Flags().IntVar(&to, "to", 0, "version to make active (default: the newest kept version older than the active one)")
	return c
}

// storeFail maps store errors to exit codes: what the user named wrong is 1.
func storeFail(err error) error {
	if errors.Is(err, nostos.ErrNoDataset) || errors.Is(err, nostos.ErrNoVersion) || errors.Is(err, nostos.ErrBadName) {
		return fail(exitUser, "quill nostos: %v", err)
	}
	return fail(exitInternal, "quill nostos: %v", err)
}

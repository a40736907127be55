package main

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"
)

// skeleton is the project `quill init` writes.
//
//go:embed all:skeleton
var skeleton embed.FS

func initCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "init [DIR]",
		Short: "Write a small working project that `quill apply` runs at once",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := "."
			if len(args) == 1 {
				dir = args[0]
			}
			if err := writeSkeleton(dir); err != nil {
				return fail(exitUser, "quill init: %v", err)
			}
			fmt.Fprintf(e.Stdout, "Wrote a quill project to %s.\nNext: cd %s && quill apply\n", dir, dir)
			return nil
		},
	}
}

// writeSkeleton copies the skeleton into dir, refusing to overwrite any file.
func writeSkeleton(dir string) error {
	if _, err := os.Stat(filepath.Join(dir, "quill.hcl")); err == nil {
		return fmt.Errorf("%s already has a quill.hcl", dir)
	}
	return fs.WalkDir(skeleton, "skeleton", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel("skeleton", p)
		dst := filepath.Join(dir, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		b, err := skeleton.ReadFile(p)
		if err != nil {
			return err
		}
		f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return err
		}
		if _, err := f.Write(b); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	})
}

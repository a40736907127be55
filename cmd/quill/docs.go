package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"path/filepath"
	"time"

	"github.com/quill-etl/quill/compiler"
	"github.com/quill-etl/quill/docsite"
	"github.com/quill-etl/quill/models"
	"github.com/quill-etl/quill/runtime"
	"github.com/spf13/cobra"
)

func docsCmd(e *env, g *globalFlags) *cobra.Command {
	var target, out, addr string
	var serve bool
	c := &cobra.Command{
		Use:   "docs",
		Short: "Write a static lineage site (no server needed) of the project to target/docs",
		Long: "Compile the project and write a self-contained static site: the node list, each node's page\n" +
			"(SQL, columns and their lineage, checks, last run from target/run_results.json), the DAG and\n" +
			"column-level lineage. Open index.html from disk; nothing is fetched from the network.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			started := time.Now()
			p, err := compileProject(cmd.Context(), e, g, target)
			if err != nil {
				return err
			}
			var runs *docsite.RunResults
			if cmd.Flags().Changed("target") {
				runs, err = journalRuns(cmd.Context(), e, g, p)
			} else {
				runs, err = docsite.ReadRunResults(filepath.Join(g.project, "target", "run_results.json"))
			}
			if err != nil {
				return fail(exitUser, "reading the last run's results: %v", err)
			}
			if out == "" {
				out = filepath.Join(g.project, "target", "docs")
			}
			site := docsite.Build(compiler.BuildManifest(p), runs, docsite.DefaultLayoutOptions())
			if err := docsite.Write(out, site); err != nil {
				return fail(exitInternal, "writing the docs: %v", err)
			}
			index := filepath.Join(out, "index.html")
			if serve {
				return serveDocs(cmd.Context(), e, out, addr)
			}
			if g.json {
				writeJSON(e.Stdout, map[string]any{"project": p.Name, "target": p.Target.Name, "nodes": len(site.Nodes),
					"edges": len(site.Edges), "index": index, "with_run": runs != nil})
				return nil
			}
			fmt.Fprintf(e.Stdout, "Wrote docs for %s: %d nodes, %d edges in %s → %s\n",
				p.Name, len(site.Nodes), len(site.Edges), time.Since(started).Round(time.Millisecond), index)
			return nil
		},
	}
	c.Flags().StringVar(&target, "target", "", "target to compile for and read the last results of each node from (its quill_meta); without it, target/run_results.json")
	c.Flags().StringVar(&out, "out", "", "directory to write the site to (default: target/docs in the project)")
	c.Flags().BoolVar(&serve, "serve", false, "also serve the site over HTTP until interrupted")
	c.Flags().StringVar(&addr, "addr", "127.0.0.1:8080", "address --serve listens on")
	return c
}

// serveDocs serves the written site until ctx ends (Ctrl-C). The site needs
// no server; this is for opening it from another machine or a container.
func serveDocs(ctx context.Context, e *env, dir, addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fail(exitUser, "--serve: %v", err)
	}
	srv := &http.Server{Handler: http.FileServer(http.Dir(dir)), ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(e.Stdout, "Serving %s on http://%s/ (Ctrl-C to stop)\n", dir, ln.Addr())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return fail(exitInternal, "--serve: %v", err)
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fail(exitInternal, "--serve: %v", err)
	}
	return nil
}

// journalRuns reads each node's last run and check results from the
// target's quill_meta journal.
func journalRuns(ctx context.Context, e *env, g *globalFlags, p *models.Project) (*docsite.RunResults, error) {
	if p.Target.Adapter == "duckdb" && !fileExists(duckPath(g.project, p.Target)) {
		return nil, nil // never applied
	}
	wh, err := openWarehouse(ctx, e, g.project, p.Target, 0)
	if err != nil {
		return nil, err
	}
	defer wh.Close()
	st, err := stateOf(ctx, wh, p)
	if err != nil || len(st.Nodes) == 0 {
		return nil, err
	}
	res, err := runtime.Journal{WH: wh, Schema: runtime.MetaSchema(p.Target.SchemaPrefix)}.LastResults(ctx, p.Target.Name)
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(res)
	if err != nil {
		return nil, err
	}
	var runs docsite.RunResults
	if err := json.Unmarshal(b, &runs); err != nil {
		return nil, err
	}
	return &runs, nil
}

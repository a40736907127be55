package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/quill-etl/quill/adapters/nostos"
	"github.com/quill-etl/quill/adapters/nostos/cassandra"
	"github.com/quill-etl/quill/adapters/nostos/serve"
	"github.com/spf13/cobra"
)

// Timeouts and limits of quill serve. Reads are single keys answered in
// microseconds; anything slower is a stuck client, not a slow answer.
const (
	serveReadHeaderTimeout = 5 * time.Second
	serveReadTimeout       = 10 * time.Second
	serveWriteTimeout      = 10 * time.Second
	serveIdleTimeout       = 2 * time.Minute
	serveShutdownTimeout   = 10 * time.Second
	serveMaxHeaderBytes    = 16 << 10
)

// nostosDir is where a project's embedded Nostos store lives.
func nostosDir(project string) string { return filepath.Join(project, ".quill", "nostos") }

func serveCmd(e *env, g *globalFlags) *cobra.Command {
	var addr, tokenFile, storeKind, hosts, keyspace string
	c := &cobra.Command{
		Use:   "serve",
		Short: "Serve the project's Nostos datasets over HTTP (read-only JSON API)",
		Long: `Serves the datasets that sinks exported to the embedded store (or, with
--store cassandra --hosts H --keyspace K, to a Cassandra store):
  GET /v1/datasets
  GET /v1/datasets/{name}
  GET /v1/datasets/{name}/keys/{key}?fields=a,b&version=N
  GET /healthz, GET /metrics (Prometheus)
Composite keys join their parts with "," (escape "\" and "," in a part with "\").
With --token-file, /v1/ requires "Authorization: Bearer <token>".
Stops gracefully on SIGINT/SIGTERM.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			token, err := readToken(tokenFile)
			if err != nil {
				return err
			}
			open, where, err := serveStore(storeKind, nostosDir(g.project), hosts, keyspace)
			if err != nil {
				return err
			}
			return runServe(cmd.Context(), e, open, where, addr, token)
		},
	}
	c.Flags().StringVar(&addr, "addr", "127.0.0.1:8080", "address to listen on")
	c.Flags().StringVar(&tokenFile, "token-file", "", "file holding the bearer token clients must send")
	c.Flags().StringVar(&storeKind, "store", "embedded", `the store to serve: "embedded" (the project's) or "cassandra"`)
	c.Flags().StringVar(&hosts, "hosts", "", "Cassandra contact points, comma-separated (with --store cassandra)")
	c.Flags().StringVar(&keyspace, "keyspace", "", "Cassandra keyspace of the datasets (with --store cassandra)")
	return c
}

// readToken reads a token file; the token is its content without
// surrounding whitespace, and must not be empty.
func readToken(path string) (string, error) {
	if path == "" {
		return "", nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fail(exitUser, "--token-file: %v", err)
	}
	tok := strings.TrimSpace(string(b))
	if tok == "" || strings.ContainsAny(tok, " \t\r\n") {
		return "", fail(exitUser, "--token-file %s: want one token on one line", path)
	}
	return tok, nil
}

// serveStore checks the store flags and returns how to open that store
// and how to name it in the startup line.
func serveStore(kind, dir, hosts, keyspace string) (func(context.Context) (nostos.Store, error), string, error) {
	switch kind {
	case "embedded":
		if hosts != "" || keyspace != "" {
			return nil, "", fail(exitUser, "--hosts and --keyspace go with --store cassandra")
		}
		return func(context.Context) (nostos.Store, error) { return nostos.OpenEmbedded(dir) }, dir, nil
	case "cassandra":
		hs := splitHosts(hosts)
		if len(hs) == 0 || keyspace == "" {
			return nil, "", fail(exitUser, "--store cassandra needs --hosts and --keyspace")
		}
		return func(ctx context.Context) (nostos.Store, error) {
			return cassandra.Open(ctx, cassandra.Options{Hosts: hs, Keyspace: keyspace})
		}, "cassandra " + strings.Join(hs, ",") + "/" + keyspace, nil
	}
	return nil, "", fail(exitUser, `--store %q: want "embedded" or "cassandra"`, kind)
}

// runServe listens, serves until ctx is done, then shuts down, letting
// requests in flight finish.
func runServe(ctx context.Context, e *env, open func(context.Context) (nostos.Store, error), dir, addr, token string) error {
	store, err := open(ctx)
	if err != nil {
		return fail(exitUser, "quill serve: %v", err)
	}
	defer store.Close()
	log := slog.New(slog.NewTextHandler(e.Stderr, nil))
	srv := &http.Server{
		Handler:           serve.NewHandler(store, serve.Options{Token: token, Metrics: serve.NewMetrics(), Log: log}),
		ReadHeaderTimeout: serveReadHeaderTimeout,
		ReadTimeout:       serveReadTimeout,
		WriteTimeout:      serveWriteTimeout,
		IdleTimeout:       serveIdleTimeout,
		MaxHeaderBytes:    serveMaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fail(exitUser, "quill serve: %v", err)
	}
	auth := "no token"
	if token != "" {
		auth = "bearer token required"
	}
	fmt.Fprintf(e.Stdout, "serving %s on http://%s (%s)\n", dir, ln.Addr(), auth)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fail(exitInternal, "quill serve: %v", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), serveShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fail(exitInternal, "quill serve: shutting down: %v", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fail(exitInternal, "quill serve: %v", err)
	}
	fmt.Fprintln(e.Stdout, "stopped")
	return nil
}

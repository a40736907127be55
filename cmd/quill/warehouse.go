package main

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/quill-etl/quill/adapters"
	"github.com/quill-etl/quill/adapters/duckdb"
	"github.com/quill-etl/quill/adapters/postgres"
	"github.com/quill-etl/quill/adapters/s3"
	"github.com/quill-etl/quill/models"
)

// duckPath is the DuckDB file of a target, relative to the project.
func duckPath(project string, t models.Target) string {
	if t.Path == "" {
		return filepath.Join(project, ".quill", t.Name+".duckdb")
	}
	if filepath.IsAbs(t.Path) {
		return t.Path
	}
	return filepath.Join(project, t.Path)
}

// openWarehouse connects to a target. The caller closes the warehouse.
// lockWait bounds how long opening waits for a DuckDB file another process
// holds (0: until ctx is done).
func openWarehouse(ctx context.Context, e *env, project string, t models.Target, lockWait time.Duration) (adapters.Warehouse, error) {
	waiting := func() {
		fmt.Fprintf(e.Stderr, "Target %q is in use by another quill process; waiting for it…\n", t.Name)
	}
	switch t.Adapter {
	case "duckdb":
		if lockWait > 0 {
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeout(ctx, lockWait)
			defer cancel()
		}
		wh, err := duckdb.Open(ctx, duckPath(project, t), duckdb.Options{Waiting: waiting})
		if err != nil {
			return nil, fail(exitUser, "opening target %q: %v", t.Name, err)
		}
		return wh, nil
	case "postgres", "redshift":
		if t.DSN == "" {
			return nil, fail(exitUser, "target %q has an empty dsn", t.Name)
		}
		opts := postgres.Options{MaxConns: int32(t.Threads + 2), LockScope: t.SchemaPrefix}
		if t.Adapter == "postgres" {
			wh, err := postgres.Open(ctx, t.DSN, opts)
			if err != nil {
				return nil, fail(exitUser, "connecting to target %q: %s", t.Name, redact(err.Error(), e))
			}
			return wh, nil
		}
		// Redshift loads through the target's S3 stage. S3 credentials come
		// from the AWS default chain (environment, profile, instance role),
		// never from the project; a custom endpoint is an S3-compatible
		// server, which wants path-style addressing.
		bucket, prefix, err := s3.ParseURL(t.S3Stage)
		if err != nil {
			return nil, fail(exitUser, "target %q: s3_stage: %v", t.Name, err)
		}
		stage, err := s3.Open(ctx, s3.Config{Endpoint: t.S3Endpoint, Region: t.S3Region, Bucket: bucket, Prefix: prefix,
			PathStyle: t.S3Endpoint != ""})
		if err != nil {
			return nil, fail(exitUser, "target %q: opening the S3 stage: %s", t.Name, redact(err.Error(), e))
		}
		wh, err := postgres.OpenRedshift(ctx, t.DSN, opts, postgres.RedshiftOptions{Stage: stage, IAMRole: t.IAMRole, Region: t.S3Region})
		if err != nil {
			return nil, fail(exitUser, "connecting to target %q: %s", t.Name, redact(err.Error(), e))
		}
		return wh, nil
	}
	return nil, fail(exitUser, "target %q: unknown adapter %q", t.Name, t.Adapter)
}

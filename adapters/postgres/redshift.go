package postgres

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/quill-etl/quill/adapters"
	"github.com/quill-etl/quill/models"
)

// Stage is the object store a Redshift load writes its files to.
// adapters/s3's *Store is one; keys are relative to the store's prefix.
type Stage interface {
	// Put stores body under key, reading it to its end with bounded memory.
	Put(ctx context.Context, key string, body io.Reader) error
	// Delete removes keys; missing keys are not an error.
	Delete(ctx context.Context, keys []string) error
	// URL returns the s3:// URL of key, as COPY and manifests name it.
	URL(key string) string
}

// RedshiftOptions configures the redshift flavour's bulk loads.
type RedshiftOptions struct {
	// Stage receives the gzip CSV parts and the manifest of each load; they
	// are deleted once the load is over, whether it worked or not.
	Stage Stage
	// IAMRole is the ARN of the role the cluster assumes to read the stage
	// (COPY … IAM_ROLE).
	IAMRole string
	// Region is the stage bucket's region, when it differs from the
	// cluster's (COPY … REGION); optional.
	Region string
	// PartRows caps the rows of one staged part (default
	// DefaultPartRows). Redshift loads the parts in parallel, one per slice.
	PartRows int
}

// DefaultPartRows is the default of RedshiftOptions.PartRows: about
// 10–50 MB of gzip per part for typical rows, in the range Redshift
// recommends for COPY.
const DefaultPartRows = 1_000_000

// Redshift is the warehouse of a Redshift cluster: Redshift speaks the
// PostgreSQL protocol, so every method is the PostgreSQL adapter's except
// LoadTemp, since Redshift has no COPY FROM STDIN: rows are staged in S3 as
// gzip CSV parts with a manifest and loaded with COPY … FROM 's3://…'
// MANIFEST.
//
// FIXME: Lock uses PostgreSQL advisory locks and Swap/CreateView read
// pg_depend, which Redshift lacks; they need Redshift variants before a
// cluster can be the target of apply.
type Redshift struct {
	*Warehouse
	opts RedshiftOptions
	// copy runs the COPY statement inside the load's transaction. It is
	// tx.Exec; tests, which have no Redshift, swap in a PostgreSQL emulation
	// that reads the staged parts back from the stage.
	copy func(ctx context.Context, tx pgx.Tx, l redshiftLoad) error
}

// redshiftLoad is what the COPY of one load needs.
type redshiftLoad struct {
	Stmt     string // the COPY statement
	Table    adapters.RelName
	Columns  []string
	Manifest string   // the manifest's key in the stage
	Parts    []string // the parts' keys in the stage
}

var _ adapters.Warehouse = (*Redshift)(nil)

// OpenRedshift connects to the Redshift cluster that dsn names, as Open
// does, and loads through rs. The caller must Close the returned warehouse;
// the stage is the caller's.
func OpenRedshift(ctx context.Context, dsn string, opts Options, rs RedshiftOptions) (*Redshift, error) {
	if rs.Stage == nil {
		return nil, errors.New("redshift: no S3 stage to load through")
	}
	if _, err := redshiftLiteral("iam_role", rs.IAMRole); err != nil {
		return nil, fmt.Errorf("redshift: %w", err)
	}
	if !strings.HasPrefix(rs.IAMRole, "arn:") {
		return nil, fmt.Errorf("redshift: iam_role %q is not an ARN (arn:aws:iam::<account>:role/<name>)", rs.IAMRole)
	}
	if rs.PartRows <= 0 {
		rs.PartRows = DefaultPartRows
	}
	w, err := Open(ctx, dsn, opts)
	if err != nil {
		return nil, err
	}
	return &Redshift{Warehouse: w, opts: rs, copy: execCopy}, nil
}

// execCopy runs the COPY over the simple protocol: it has no parameters,
// and a utility statement needs no prepared plan.
func execCopy(ctx context.Context, tx pgx.Tx, l redshiftLoad) error {
	_, err := tx.Exec(ctx, l.Stmt, pgx.QueryExecModeSimpleProtocol)
	return err
}

// LoadTemp stages rows in S3 as gzip CSV parts of at most PartRows rows,
// each streamed to the stage as it is encoded (memory: one part buffer of
// the stage, not the table), writes a manifest listing them, then creates
// the temporary table and COPYs the parts into it in one transaction, so a
// failure leaves no table. The staged objects are deleted in every case; a
// load whose staged objects cannot be deleted fails (and leaves no table),
// so a missing permission is noticed rather than leaking files.
func (r *Redshift) LoadTemp(ctx context.Context, rel adapters.RelName, cols []models.Column, rows adapters.RowSource) (t adapters.Temp, err error) {
	t = adapters.Temp{Rel: rel, Tmp: adapters.RelName{Schema: rel.Schema, Name: adapters.TempName(rel.Name)}}
	create, names, dates, err := redshiftCreateSQL(t.Tmp, cols)
	if err != nil {
		return t, fmt.Errorf("redshift: loading %s: %w", rel, err)
	}
	dir := t.Tmp.Name + "/" // the temporary name is random: no two loads share a directory
	var staged []string
	defer func() {
		if len(staged) == 0 {
			return
		}
		derr := r.opts.Stage.Delete(context.WithoutCancel(ctx), staged)
		if derr != nil && err == nil {
			_ = r.DropTemp(context.WithoutCancel(ctx), t)
			err = r.wrap(derr, "loading %s: cleaning up the stage", rel)
		}
	}()
	l := redshiftLoad{Table: t.Tmp, Columns: names, Manifest: dir + "manifest.json"}
	n, err := r.stageParts(ctx, dir, rows, dates, &staged)
	if err != nil {
		return t, r.wrap(err, "loading %s", rel)
	}
	l.Parts = append([]string(nil), staged...)
	if n > 0 {
		urls := make([]string, len(l.Parts))
		for i, k := range l.Parts {
			urls[i] = r.opts.Stage.URL(k)
		}
		staged = append(staged, l.Manifest)
		if err := r.opts.Stage.Put(ctx, l.Manifest, bytes.NewReader(redshiftManifest(urls))); err != nil {
			return t, r.wrap(err, "loading %s: writing the manifest", rel)
		}
		l.Stmt, err = RedshiftCopySQL(RedshiftCopy{Table: t.Tmp, Columns: names, Manifest: r.opts.Stage.URL(l.Manifest),
			IAMRole: r.opts.IAMRole, Region: r.opts.Region})
		if err != nil {
			return t, fmt.Errorf("redshift: loading %s: %w", rel, err)
		}
	}
	err = r.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, create); err != nil {
			return err
		}
		if n == 0 {
			return nil // nothing staged: a COPY of an empty manifest would fail
		}
		return r.copy(ctx, tx, l)
	})
	if err != nil {
		return t, r.wrap(err, "loading %s", rel)
	}
	t.Rows = n
	return t, nil
}

// stageParts encodes rows into parts dir/part-00000.csv.gz, … of at most
// PartRows rows, streaming each to the stage through a pipe while it is
// encoded. Every key is appended to staged before its upload starts, so the
// caller can delete whatever was (partly) written. It returns the row count.
func (r *Redshift) stageParts(ctx context.Context, dir string, rows adapters.RowSource, dates []bool, staged *[]string) (int64, error) {
	var n int64
	var p *stagedPart
	var buf []byte
	for {
		row, err := rows.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err == nil && len(row) != len(dates) {
			err = fmt.Errorf("row %d has %d values, want %d", n+1, len(row), len(dates))
		}
		if err == nil && n%4096 == 0 {
			err = context.Cause(ctx) // nil until ctx is done
		}
		if err == nil {
			buf, err = appendCSVRow(buf[:0], row, dates)
			if err != nil {
				err = fmt.Errorf("row %d: %w", n+1, err)
			}
		}
		if err == nil && p == nil {
			key := fmt.Sprintf("%spart-%05d.csv.gz", dir, len(*staged))
			*staged = append(*staged, key)
			p = r.startPart(ctx, key)
		}
		if err == nil {
			err = p.write(buf)
		}
		if err != nil {
			if p != nil {
				p.abort(err)
			}
			return n, err
		}
		n++
		if p.rows++; p.rows == r.opts.PartRows {
			if err := p.finish(); err != nil {
				return n, err
			}
			p = nil
		}
	}
	if p != nil {
		if err := p.finish(); err != nil {
			return n, err
		}
	}
	return n, nil
}

// stagedPart is one part being written: CSV → bufio → gzip → pipe → Put,
// with Put running in its own goroutine.
type stagedPart struct {
	pw     *io.PipeWriter
	gz     *gzip.Writer
	bw     *bufio.Writer
	rows   int
	done   chan error // Put's result, sent once
	waited bool
	putErr error // Put's result, once received
}

// wait blocks until Put returns and gives its result (any number of times).
func (p *stagedPart) wait() error {
	if !p.waited {
		p.putErr, p.waited = <-p.done, true
	}
	return p.putErr
}

func (r *Redshift) startPart(ctx context.Context, key string) *stagedPart {
	pr, pw := io.Pipe()
	p := &stagedPart{pw: pw, done: make(chan error, 1)}
	p.gz = gzip.NewWriter(pw)
	p.bw = bufio.NewWriterSize(p.gz, 64<<10)
	go func() {
		err := r.opts.Stage.Put(ctx, key, pr)
		// Unblock the writer if Put gave up before the end of the body.
		pr.CloseWithError(errors.Join(err, errors.New("part upload ended")))
		p.done <- err
	}()
	return p
}

// write appends encoded rows; an upload that failed shows up here as the
// pipe's error.
func (p *stagedPart) write(b []byte) error {
	_, err := p.bw.Write(b)
	if err != nil {
		return p.fail(err)
	}
	return nil
}

// finish ends the part and waits until it is stored.
func (p *stagedPart) finish() error {
	err := p.bw.Flush()
	if err == nil {
		err = p.gz.Close()
	}
	if err != nil {
		return p.fail(err)
	}
	p.pw.Close()
	return p.wait()
}

// fail reports why a write failed: the upload's own error when it is the
// cause (the pipe's error only says the upload ended).
func (p *stagedPart) fail(err error) error {
	p.pw.CloseWithError(err)
	if putErr := p.wait(); putErr != nil {
		return putErr
	}
	return err
}

// abort ends the part with err, so Put fails instead of storing a
// truncated part, and waits for it.
func (p *stagedPart) abort(err error) {
	p.pw.CloseWithError(err)
	_ = p.wait()
}

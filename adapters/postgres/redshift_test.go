package postgres

import (
	"compress/gzip"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/jackc/pgx/v5"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/quill-etl/quill/adapters"
	"github.com/quill-etl/quill/adapters/adaptertest"
	s3store "github.com/quill-etl/quill/adapters/s3"
	"github.com/quill-etl/quill/models"
)

// There is no Redshift here. The tests run the redshift flavour against a
// real PostgreSQL and an in-process S3 server, and replace only the COPY
// statement (checked by exact string in redshift_sql_test.go) with its
// PostgreSQL equivalent: read the manifest and the staged gzip CSV parts
// back from S3 and load each with COPY … FROM STDIN in the same CSV dialect.
// What lands in the table therefore proves what was staged.

const (
	rsAccess   = "AKIAREDSHIFTTEST"
	rsSecret   = "redshift/secret+KEY"
	rsPassword = "hunter2-pg-password"
	rsRole     = "arn:aws:iam::123456789012:role/quill-load"
)

// rsEnv is one redshift warehouse under test with its stage and the loads
// its emulated COPY saw.
type rsEnv struct {
	w     *Redshift
	store *s3store.Store
	dsn   string
	mu    sync.Mutex
	loads []redshiftLoad
}

func openRedshift(t *testing.T, partRows int, bucket string) *rsEnv {
	t.Helper()
	be := s3mem.New()
	if err := be.CreateBucket("stage"); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(gofakes3.New(be).Server())
	t.Cleanup(srv.Close)
	st, err := s3store.Open(ctx(t), s3store.Config{Endpoint: srv.URL, Region: "us-east-1", Bucket: bucket, Prefix: "quill/loads",
		AccessKey: rsAccess, SecretKey: rsSecret, PathStyle: true})
	if err != nil {
		t.Fatal(err)
	}
	// Trust authentication ignores the password, so a DSN can carry one the
	// errors must never show.
	u, err := url.Parse(adaptertest.PostgresDB(t))
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.UserPassword(u.User.Username(), rsPassword)
	e := &rsEnv{store: st, dsn: u.String()}
	e.w, err = OpenRedshift(ctx(t), e.dsn, Options{MaxConns: 4}, RedshiftOptions{Stage: st, IAMRole: rsRole, PartRows: partRows})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.w.Close() })
	e.w.copy = e.emulateCopy
	return e
}

// emulateCopy loads a load's staged parts into PostgreSQL the way Redshift's
// COPY … MANIFEST would: only the files the manifest lists, gunzipped, as
// CSV with \N for NULL.
func (e *rsEnv) emulateCopy(ctx context.Context, tx pgx.Tx, l redshiftLoad) error {
	e.mu.Lock()
	e.loads = append(e.loads, l)
	e.mu.Unlock()
	rc, err := e.store.Get(ctx, l.Manifest)
	if err != nil {
		return err
	}
	defer rc.Close()
	var m struct {
		Entries []struct {
			URL       string `json:"url"`
			Mandatory bool   `json:"mandatory"`
		} `json:"entries"`
	}
	if err := json.NewDecoder(rc).Decode(&m); err != nil {
		return err
	}
	names := make([]string, len(l.Columns))
	for i, c := range l.Columns {
		names[i] = adapters.QuoteIdent(c)
	}
	stmt := `COPY ` + l.Table.Quoted() + ` (` + strings.Join(names, ", ") + `) FROM STDIN (FORMAT csv, DELIMITER ',', QUOTE '"', NULL '` + csvNull + `')`
	for _, ent := range m.Entries {
		key, ok := strings.CutPrefix(ent.URL, e.store.URL(""))
		if !ok || !ent.Mandatory {
			return fmt.Errorf("manifest entry %+v is not a mandatory object of the stage", ent)
		}
		part, err := e.store.Get(ctx, key)
		if err != nil {
			return err
		}
		zr, err := gzip.NewReader(part)
		if err != nil {
			part.Close()
			return err
		}
		_, err = tx.Conn().PgConn().CopyFrom(ctx, zr, stmt)
		part.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// sliceRows is a RowSource over fixed rows that fails with err after failAt
// rows (never when failAt is 0).
type sliceRows struct {
	rows   [][]any
	i      int
	failAt int
	err    error
}

func (s *sliceRows) Next() ([]any, error) {
	if s.failAt > 0 && s.i == s.failAt {
		return nil, s.err
	}
	if s.i == len(s.rows) {
		return nil, io.EOF
	}
	s.i++
	return s.rows[s.i-1], nil
}

var rsCols = []models.Column{
	{Name: "id", Type: "bigint"},
	{Name: "amount", Type: "numeric(20,6)"},
	{Name: "note", Type: "text"},
	{Name: "ok", Type: "boolean"},
	{Name: "day", Type: "date"},
	{Name: "at", Type: "timestamptz"},
	{Name: "score", Type: "double precision"},
	{Name: "blob", Type: "text"}, // bytea becomes varbyte on Redshift, which PostgreSQL lacks: the hex lands as text
}

// rsRows returns n rows covering the values the CSV dialect must carry.
func rsRows(n int) [][]any {
	notes := []any{"plain", "", nil, `comma, "quoted" and` + "\nnewline\r\nCRLF", `\N`, "héllo ✓", " padded ", `back\slash`}
	scores := []any{1.5, 0.0, math.Inf(1), math.Inf(-1), 1e-300, nil, 3.0}
	rows := make([][]any, n)
	for i := range rows {
		var amount any = fmt.Sprintf("%d.%06d", i*1000, i+1) // nonzero fractions: the normaliser trims zeros
		var ok any = i%2 == 0
		var day, at any = time.Date(2026, 1, 1+i%28, 0, 0, 0, 0, time.UTC),
			time.Date(2026, 1, 2, 3, 4, 5, i*1000, time.FixedZone("X", -5*3600))
		if i%5 == 4 {
			amount, ok, day, at = nil, nil, nil, nil
		}
		var blob any = []byte{byte(i), 0x00, 0xff}
		if i%6 == 5 {
			blob = nil
		}
		rows[i] = []any{int64(i), amount, notes[i%len(notes)], ok, day, at, scores[i%len(scores)], blob}
	}
	return rows
}

// wantRows is what reading rsRows back from PostgreSQL gives.
func wantRows(rows [][]any) [][]any {
	out := make([][]any, len(rows))
	for i, r := range rows {
		w := append([]any(nil), r...)
		if t, ok := w[5].(time.Time); ok {
			w[5] = t.UTC()
		}
		if b, ok := w[7].([]byte); ok {
			w[7] = fmt.Sprintf("%x", b)
		}
		out[i] = w
	}
	return out
}

func (e *rsEnv) readTable(t *testing.T, rel adapters.RelName) [][]any {
	t.Helper()
	res, err := e.w.Query(ctx(t), `SELECT id, amount, note, ok, day, at, score, blob FROM `+rel.Quoted()+` ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res.Rows {
		if t, ok := r[5].(time.Time); ok {
			r[5] = t.UTC()
		}
	}
	return res.Rows
}

func (e *rsEnv) staged(t *testing.T) []s3store.Object {
	t.Helper()
	objs, err := e.store.List(ctx(t), "")
	if err != nil {
		t.Fatal(err)
	}
	return objs
}

func (e *rsEnv) temps(t *testing.T) [][]any {
	t.Helper()
	res, err := e.w.Query(ctx(t), `SELECT table_name FROM information_schema.tables WHERE table_schema = 'raw' AND table_name LIKE '\_\_quill\_tmp\_%'`)
	if err != nil {
		t.Fatal(err)
	}
	return res.Rows
}

func TestRedshiftLoadTempRoundTrip(t *testing.T) {
	e := openRedshift(t, 3, "stage")
	if err := e.w.EnsureSchema(ctx(t), "raw"); err != nil {
		t.Fatal(err)
	}
	rows := rsRows(10)
	rel := adapters.RelName{Schema: "raw", Name: "events"}
	tmp, err := e.w.LoadTemp(ctx(t), rel, rsCols, &sliceRows{rows: rows})
	if err != nil {
		t.Fatal(err)
	}
	if tmp.Rows != 10 {
		t.Errorf("Rows = %d, want 10", tmp.Rows)
	}
	got := e.readTable(t, tmp.Tmp)
	if d := cmp.Diff(wantRows(rows), got, cmpopts.EquateNaNs()); d != "" {
		t.Errorf("loaded rows (-want +got):\n%s", d)
	}

	// One COPY, of a manifest listing the four parts (3+3+3+1 rows), with
	// the statement RedshiftCopySQL builds.
	if len(e.loads) != 1 {
		t.Fatalf("%d COPY statements, want 1", len(e.loads))
	}
	l := e.loads[0]
	dir := tmp.Tmp.Name + "/"
	wantParts := []string{dir + "part-00000.csv.gz", dir + "part-00001.csv.gz", dir + "part-00002.csv.gz", dir + "part-00003.csv.gz"}
	if d := cmp.Diff(wantParts, l.Parts); d != "" {
		t.Errorf("parts (-want +got):\n%s", d)
	}
	wantStmt := `COPY "raw"."` + tmp.Tmp.Name + `" ("id", "amount", "note", "ok", "day", "at", "score", "blob") FROM 's3://stage/quill/loads/` +
		dir + `manifest.json' IAM_ROLE '` + rsRole + `' MANIFEST FORMAT AS CSV GZIP TIMEFORMAT 'auto'`
	if l.Stmt != wantStmt {
		t.Errorf("COPY =\n%s\nwant\n%s", l.Stmt, wantStmt)
	}
	// Everything staged is gone.
	if objs := e.staged(t); len(objs) != 0 {
		t.Errorf("staged objects left after the load: %v", objs)
	}
	if err := e.w.Swap(ctx(t), tmp); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(wantRows(rows), e.readTable(t, rel), cmpopts.EquateNaNs()); d != "" {
		t.Errorf("swapped rows (-want +got):\n%s", d)
	}
}

// recordingStage keeps a copy of every part and manifest written, so the
// test can look at files LoadTemp deletes.
type recordingStage struct {
	*s3store.Store
	mu    sync.Mutex
	files map[string][]byte
}

func (s *recordingStage) Put(ctx context.Context, key string, body io.Reader) error {
	pr, pw := io.Pipe()
	var b strings.Builder
	done := make(chan struct{})
	go func() { _, _ = io.Copy(&b, pr); close(done) }()
	err := s.Store.Put(ctx, key, io.TeeReader(body, pw))
	pw.Close()
	<-done
	s.mu.Lock()
	s.files[key] = []byte(b.String())
	s.mu.Unlock()
	return err
}

func TestRedshiftPartsAndManifest(t *testing.T) {
	e := openRedshift(t, 4, "stage")
	rec := &recordingStage{Store: e.store, files: map[string][]byte{}}
	e.w.opts.Stage = rec
	if err := e.w.EnsureSchema(ctx(t), "raw"); err != nil {
		t.Fatal(err)
	}
	rows := rsRows(12) // exactly three parts: no empty fourth
	tmp, err := e.w.LoadTemp(ctx(t), adapters.RelName{Schema: "raw", Name: "p"}, rsCols, &sliceRows{rows: rows})
	if err != nil {
		t.Fatal(err)
	}
	dir := tmp.Tmp.Name + "/"
	var urls []string
	for i := range 3 {
		key := fmt.Sprintf("%spart-%05d.csv.gz", dir, i)
		urls = append(urls, "s3://stage/quill/loads/"+key)
		zr, err := gzip.NewReader(strings.NewReader(string(rec.files[key])))
		if err != nil {
			t.Fatalf("%s: %v", key, err)
		}
		cr := csv.NewReader(zr)
		cr.FieldsPerRecord = len(rsCols)
		recs, err := cr.ReadAll()
		if err != nil {
			t.Fatalf("%s is not CSV: %v", key, err)
		}
		if len(recs) != 4 {
			t.Errorf("%s has %d rows, want 4", key, len(recs))
		}
		if recs[0][0] != fmt.Sprint(i*4) {
			t.Errorf("%s starts at row %s, want %d", key, recs[0][0], i*4)
		}
	}
	if len(rec.files) != 4 {
		t.Errorf("%d files staged, want 3 parts and a manifest: %v", len(rec.files), keysOf(rec.files))
	}
	if got, want := string(rec.files[dir+"manifest.json"]), string(redshiftManifest(urls)); got != want {
		t.Errorf("manifest = %s\nwant %s", got, want)
	}
	if objs := e.staged(t); len(objs) != 0 {
		t.Errorf("staged objects left: %v", objs)
	}

	// No rows: an empty table, nothing staged, no COPY.
	e.loads = nil
	tmp, err = e.w.LoadTemp(ctx(t), adapters.RelName{Schema: "raw", Name: "empty"}, rsCols, &sliceRows{})
	if err != nil {
		t.Fatal(err)
	}
	if tmp.Rows != 0 || len(e.loads) != 0 || len(e.readTable(t, tmp.Tmp)) != 0 {
		t.Errorf("empty load: rows %d, %d COPY", tmp.Rows, len(e.loads))
	}
}

func keysOf(m map[string][]byte) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}

func TestRedshiftFailureLeavesNothing(t *testing.T) {
	e := openRedshift(t, 3, "stage")
	if err := e.w.EnsureSchema(ctx(t), "raw"); err != nil {
		t.Fatal(err)
	}
	rel := adapters.RelName{Schema: "raw", Name: "broken"}

	// The source fails in its third part, after two parts were stored.
	boom := errors.New("source connection lost")
	_, err := e.w.LoadTemp(ctx(t), rel, rsCols, &sliceRows{rows: rsRows(10), failAt: 7, err: boom})
	if !errors.Is(err, boom) {
		t.Fatalf("LoadTemp = %v, want the source's error", err)
	}
	if len(e.loads) != 0 {
		t.Error("COPY ran after the source failed")
	}
	if tt := e.temps(t); len(tt) != 0 {
		t.Errorf("tables left: %v", tt)
	}
	if objs := e.staged(t); len(objs) != 0 {
		t.Errorf("staged objects left: %v", objs)
	}

	// COPY fails (as Redshift would on a bad value): no table, stage cleaned.
	e.w.copy = func(context.Context, pgx.Tx, redshiftLoad) error {
		return errors.New("Load into table failed; check stl_load_errors")
	}
	_, err = e.w.LoadTemp(ctx(t), rel, rsCols, &sliceRows{rows: rsRows(5)})
	if err == nil || !strings.Contains(err.Error(), "stl_load_errors") {
		t.Fatalf("LoadTemp with a failing COPY = %v", err)
	}
	if tt := e.temps(t); len(tt) != 0 {
		t.Errorf("tables left after a failed COPY: %v", tt)
	}
	if objs := e.staged(t); len(objs) != 0 {
		t.Errorf("staged objects left after a failed COPY: %v", objs)
	}

	// A row of the wrong width fails before anything is loaded.
	e.w.copy = e.emulateCopy
	_, err = e.w.LoadTemp(ctx(t), rel, rsCols, &sliceRows{rows: [][]any{{int64(1)}}})
	if err == nil || !strings.Contains(err.Error(), "has 1 values, want 8") {
		t.Errorf("short row: %v", err)
	}
	// A cancelled load stops and cleans up too.
	c, cancel := context.WithCancel(ctx(t))
	cancel()
	if _, err := e.w.LoadTemp(c, rel, rsCols, &sliceRows{rows: rsRows(5)}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled load = %v", err)
	}
	if tt, objs := e.temps(t), e.staged(t); len(tt)+len(objs) != 0 {
		t.Errorf("left after the failures: tables %v, objects %v", tt, objs)
	}
}

func TestRedshiftErrorsHideSecrets(t *testing.T) {
	e := openRedshift(t, 3, "no-such-bucket") // every S3 call fails
	if err := e.w.EnsureSchema(ctx(t), "raw"); err != nil {
		t.Fatal(err)
	}
	_, err := e.w.LoadTemp(ctx(t), adapters.RelName{Schema: "raw", Name: "x"}, rsCols, &sliceRows{rows: rsRows(4)})
	if err == nil {
		t.Fatal("load into a missing bucket: no error")
	}
	bad := []error{err}
	_, err = OpenRedshift(ctx(t), e.dsn, Options{}, RedshiftOptions{Stage: e.store, IAMRole: `arn:x\`})
	bad = append(bad, err)
	closed, _ := url.Parse(e.dsn)
	closed.Host = "127.0.0.1:1" // nothing listens there
	_, err = OpenRedshift(ctx(t), closed.String(), Options{}, RedshiftOptions{Stage: e.store, IAMRole: rsRole})
	bad = append(bad, err)
	for _, err := range bad {
		if err == nil {
			t.Error("no error")
			continue
		}
		for _, s := range []string{rsSecret, rsAccess, rsPassword, e.dsn, closed.String()} {
			if strings.Contains(err.Error(), s) {
				t.Errorf("error shows %q: %v", s, err)
			}
		}
	}
	if tt := e.temps(t); len(tt) != 0 {
		t.Errorf("tables left: %v", tt)
	}
}

func TestOpenRedshiftChecksOptions(t *testing.T) {
	for name, rs := range map[string]RedshiftOptions{
		"no stage":    {IAMRole: rsRole},
		"no role":     {Stage: &s3store.Store{}},
		"not an ARN":  {Stage: &s3store.Store{}, IAMRole: "quill-load"},
		"quoted role": {Stage: &s3store.Store{}, IAMRole: "arn:aws:iam::1:role/x\n"},
	} {
		// The options are checked before connecting: the DSN is never used.
		if _, err := OpenRedshift(context.Background(), "postgres://nowhere.invalid/db", Options{}, rs); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// refusingStage fails every part upload at once, without reading its body,
// as S3 does when it rejects a request early.
type refusingStage struct{ *s3store.Store }

func (s refusingStage) Put(ctx context.Context, key string, body io.Reader) error {
	return errors.New("AccessDenied: stage refuses " + key)
}

// TestRedshiftUploadFailsMidPart: the upload dies while the part is still
// being encoded, so the encoder's next write to the pipe fails; LoadTemp
// must return the upload's error, not hang or report a closed pipe.
func TestRedshiftUploadFailsMidPart(t *testing.T) {
	e := openRedshift(t, 1_000_000, "stage")
	e.w.opts.Stage = refusingStage{e.store}
	if err := e.w.EnsureSchema(ctx(t), "raw"); err != nil {
		t.Fatal(err)
	}
	rows := make([][]any, 3000) // ~3 MB of incompressible text: gzip must write to the pipe mid-part
	for i := range rows {
		note := make([]byte, 1000)
		for j := range note {
			note[j] = "0123456789abcdef"[(i*7919+j*104729+j*j)%16]
		}
		rows[i] = []any{int64(i), nil, fmt.Sprintf("%x", note), nil, nil, nil, nil, nil}
	}
	done := make(chan error, 1)
	go func() {
		_, err := e.w.LoadTemp(ctx(t), adapters.RelName{Schema: "raw", Name: "refused"}, rsCols, &sliceRows{rows: rows})
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "AccessDenied") {
			t.Errorf("LoadTemp = %v, want the upload's error", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("LoadTemp hangs after its upload failed")
	}
	if tt := e.temps(t); len(tt) != 0 {
		t.Errorf("tables left: %v", tt)
	}
}

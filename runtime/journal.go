package runtime

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/quill-etl/quill/adapters"
	"github.com/quill-etl/quill/planner"
)

// MetaSchema is the schema, on each target (after its schema_prefix), where
// quill keeps its state and run journal.
func MetaSchema(prefix string) string { return prefix + "quill_meta" }

// Journal reads and writes quill's state tables in a target.
type Journal struct {
	WH     adapters.Warehouse
	Schema string // e.g. "quill_meta"
}

func (j Journal) table(name string) string {
	return adapters.RelName{Schema: j.Schema, Name: name}.Quoted()
}

// Init creates the state tables when missing. Call it while holding the lock.
func (j Journal) Init(ctx context.Context) error {
	if err := j.WH.EnsureSchema(ctx, j.Schema); err != nil {
		return err
	}
	stmts := []string{
		`CREATE TABLE IF NOT EXISTS ` + j.table("nodes") + ` (name text PRIMARY KEY, kind text, relation text,
			materialized text, fingerprint text, sql text, config text, run_id text, row_count bigint, built_at timestamptz)`,
		`CREATE TABLE IF NOT EXISTS ` + j.table("runs") + ` (run_id text PRIMARY KEY, target text,
			started_at timestamptz, finished_at timestamptz, status text)`,
		`CREATE TABLE IF NOT EXISTS ` + j.table("run_nodes") + ` (run_id text, name text, fingerprint text,
			status text, row_count bigint, retries integer, seconds double precision, error text, PRIMARY KEY (run_id, name))`,
		`CREATE TABLE IF NOT EXISTS ` + j.table("check_results") + ` (run_id text, name text, seq integer, kind text,
			columns text, rule text, status text, failures bigint, examples text, PRIMARY KEY (run_id, name, seq))`,
	}
	for _, s := range stmts {
		if err := j.WH.Exec(ctx, s); err != nil {
			return fmt.Errorf("creating quill_meta tables: %w", err)
		}
	}
	return nil
}

// ReadState returns the target's recorded node states and existing relations
// of the given schemas. A target quill never wrote to has an empty state.
func ReadState(ctx context.Context, wh adapters.Warehouse, metaSchema string, schemas []string) (planner.State, error) {
	st := planner.State{Nodes: map[string]planner.NodeState{}, Relations: map[string]string{}}
	all := append(append([]string{}, schemas...), metaSchema)
	sort.Strings(all)
	rels, err := wh.Relations(ctx, all)
	if err != nil {
		return st, fmt.Errorf("listing relations: %w", err)
	}
	hasNodes := false
	for _, r := range rels {
		st.Relations[r.Rel.String()] = r.Kind
		if r.Rel.Schema == metaSchema && r.Rel.Name == "nodes" {
			hasNodes = true
		}
	}
	if !hasNodes {
		return st, nil
	}
	j := Journal{WH: wh, Schema: metaSchema}
	res, err := wh.Query(ctx, `SELECT name, kind, relation, materialized, fingerprint, sql, config, run_id,
		row_count, CAST(built_at AS text) FROM `+j.table("nodes"))
	if err != nil {
		return st, fmt.Errorf("reading quill_meta.nodes: %w", err)
	}
	for _, r := range res.Rows {
		ns := planner.NodeState{
			Name: str(r[0]), Kind: str(r[1]), Relation: str(r[2]), Materialized: str(r[3]),
			Fingerprint: str(r[4]), SQL: str(r[5]), Config: str(r[6]), RunID: str(r[7]),
			Rows: i64(r[8]), BuiltAt: str(r[9]),
		}
		st.Nodes[ns.Name] = ns
	}
	return st, nil
}

// StartRun records a new run.
func (j Journal) StartRun(ctx context.Context, runID, target string, at time.Time) error {
	return j.WH.Exec(ctx, `INSERT INTO `+j.table("runs")+` (run_id, target, started_at, status) VALUES ($1, $2, $3, 'running')`,
		runID, target, at.UTC())
}

// FinishRun records a run's end and status.
func (j Journal) FinishRun(ctx context.Context, runID, status string, at time.Time) error {
	return j.WH.Exec(ctx, `UPDATE `+j.table("runs")+` SET finished_at = $1, status = $2 WHERE run_id = $3`,
		at.UTC(), status, runID)
}

// RecordNode journals a node's outcome in a run and, on success, makes it the
// node's recorded state.
func (j Journal) RecordNode(ctx context.Context, runID string, s planner.Step, r NodeResult, at time.Time) error {
	err := j.WH.Exec(ctx, `INSERT INTO `+j.table("run_nodes")+` (run_id, name, fingerprint, status, row_count, retries, seconds, error)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		ON CONFLICT (run_id, name) DO UPDATE SET fingerprint = excluded.fingerprint, status = excluded.status,
		row_count = excluded.row_count, retries = excluded.retries, seconds = excluded.seconds, error = excluded.error`,
		runID, s.Name, s.Fingerprint, string(r.Status), r.Rows, int64(r.Retries), r.Seconds, r.Error)
	if err != nil {
		return err
	}
	if err := j.recordChecks(ctx, runID, s.Name, r.Checks); err != nil {
		return err
	}
	if r.Status != StatusSuccess {
		return nil
	}
	if s.Action == planner.Drop {
		return j.WH.Exec(ctx, `DELETE FROM `+j.table("nodes")+` WHERE name = $1`, s.Name)
	}
	return j.WH.Exec(ctx, `INSERT INTO `+j.table("nodes")+` (name, kind, relation, materialized, fingerprint, sql, config, run_id, row_count, built_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
		ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, relation = excluded.relation, materialized = excluded.materialized,
		fingerprint = excluded.fingerprint, sql = excluded.sql, config = excluded.config, run_id = excluded.run_id,
		row_count = excluded.row_count, built_at = excluded.built_at`,
		s.Name, string(s.Kind), s.Relation, s.Materialized, s.Fingerprint, s.SQL, s.Config, runID, r.Rows, at.UTC())
}

// recordChecks keeps a node's check outcomes of a run (SPEC §5: results are
// kept in quill_meta), replacing those of an earlier attempt.
func (j Journal) recordChecks(ctx context.Context, runID, name string, checks []CheckResult) error {
	if err := j.WH.Exec(ctx, `DELETE FROM `+j.table("check_results")+` WHERE run_id = $1 AND name = $2`, runID, name); err != nil {
		return err
	}
	for i, c := range checks {
		ex, _ := json.Marshal(c.Examples)
		err := j.WH.Exec(ctx, `INSERT INTO `+j.table("check_results")+` (run_id, name, seq, kind, columns, rule, status, failures, examples)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
			runID, name, int64(i), c.Kind, strings.Join(c.Columns, ","), c.Rule, c.Status, c.Failures, string(ex))
		if err != nil {
			return err
		}
	}
	return nil
}

// LastRun returns the id of the most recently started run, or "" when none.
func (j Journal) LastRun(ctx context.Context) (string, error) {
	res, err := j.WH.Query(ctx, `SELECT run_id FROM `+j.table("runs")+` ORDER BY started_at DESC, run_id DESC LIMIT 1`)
	if err != nil {
		return "", err
	}
	if len(res.Rows) == 0 {
		return "", nil
	}
	return str(res.Rows[0][0]), nil
}

// Completed returns, for a run, the fingerprint of every node that succeeded in it.
func (j Journal) Completed(ctx context.Context, runID string) (map[string]string, error) {
	res, err := j.WH.Query(ctx, `SELECT name, fingerprint FROM `+j.table("run_nodes")+` WHERE run_id = $1 AND status = 'success'`, runID)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, r := range res.Rows {
		out[str(r[0])] = str(r[1])
	}
	return out, nil
}

func str(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case []byte:
		return string(x)
	}
	return fmt.Sprint(v)
}

func i64(v any) int64 {
	switch x := v.(type) {
	case int64:
		return x
	case int32:
		return int64(x)
	case int:
		return int64(x)
	case float64:
		return int64(x)
	}
	return 0
}

// LastResults returns, for every node the target journalled, the outcome of
// its most recent run (with that run's check results): what `quill docs
// --target` shows as each node's last run. RunID is the newest run's id.
func (j Journal) LastResults(ctx context.Context, target string) (*Result, error) {
	res := &Result{Version: 1, Target: target, Status: "success"}
	rows, err := j.WH.Query(ctx, `SELECT rn.run_id, rn.name, rn.status, rn.row_count, rn.retries, rn.seconds, rn.error
		FROM `+j.table("run_nodes")+` AS rn
		JOIN (SELECT name, max(run_id) AS run_id FROM `+j.table("run_nodes")+` GROUP BY name) AS l
		  ON l.name = rn.name AND l.run_id = rn.run_id
		ORDER BY rn.name`)
	if err != nil {
		return nil, err
	}
	latest := map[string]int{}
	for _, r := range rows.Rows {
		nr := NodeResult{Name: str(r[1]), Status: Status(str(r[2])), Rows: i64(r[3]), Retries: int(i64(r[4])), Error: str(r[6]), Checks: []CheckResult{}}
		if f, ok := r[5].(float64); ok {
			nr.Seconds = f
		}
		if id := str(r[0]); id > res.RunID {
			res.RunID = id
		}
		latest[str(r[0])+"\x00"+nr.Name] = len(res.Nodes)
		res.Nodes = append(res.Nodes, nr)
	}
	checks, err := j.WH.Query(ctx, `SELECT run_id, name, kind, columns, rule, status, failures, examples
		FROM `+j.table("check_results")+` ORDER BY run_id, name, seq`)
	if err != nil {
		return nil, err
	}
	for _, r := range checks.Rows {
		i, ok := latest[str(r[0])+"\x00"+str(r[1])]
		if !ok {
			continue
		}
		c := CheckResult{Kind: str(r[2]), Rule: str(r[4]), Status: str(r[5]), Failures: i64(r[6])}
		if cols := str(r[3]); cols != "" {
			c.Columns = strings.Split(cols, ",")
		}
		_ = json.Unmarshal([]byte(str(r[7])), &c.Examples)
		res.Nodes[i].Checks = append(res.Nodes[i].Checks, c)
	}
	return res, nil
}

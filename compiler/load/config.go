package load

import (
	"time"

	"github.com/quill-etl/quill/models"
	"github.com/quill-etl/quill/models/diag"
)

// Options are the inputs of Load that do not come from files.
type Options struct {
	Env  map[string]string // what env("X") reads; Load never reads the process environment
	Vars map[string]string // --var values; they override HCL variables
}

// Config is a decoded project: every top-level block of every HCL file.
// Slices are sorted by name (sinks by name, sources by relation) so that
// consumers iterate deterministically.
type Config struct {
	Project   *Project          `json:"project,omitempty"`
	Targets   []*Target         `json:"targets,omitempty"`
	Variables []*Variable       `json:"variables,omitempty"`
	Vars      map[string]string `json:"vars,omitempty"` // resolved: HCL variables overridden by Options.Vars
	Sources   []*Source         `json:"sources,omitempty"`
	Seeds     []*Seed           `json:"seeds,omitempty"`
	Models    []*Model          `json:"models,omitempty"`
	Sinks     []*Sink           `json:"sinks,omitempty"`
	UnitTests []*UnitTest       `json:"unit_tests,omitempty"`
}

// Ranges maps attribute (or nested block) names to where they are written.
// Ranges are left out of JSON so golden files stay readable; diagnostics
// carry them instead.
type Ranges map[string]diag.Range

// Project is the one `project "NAME"` block.
type Project struct {
	Name          string     `json:"name"`
	DefaultTarget string     `json:"default_target,omitempty"`
	Decl          diag.Range `json:"-"` // the block header
	Attrs         Ranges     `json:"-"`
}

// Target is a `target "NAME"` block. Threads and Retries hold their defaults
// (4 and 2) when the block does not set them.
type Target struct {
	Name         string     `json:"name"`
	Adapter      string     `json:"adapter"`
	Path         string     `json:"path,omitempty"`
	DSN          string     `json:"-"` // a secret: never marshalled, printed or put in a diagnostic
	Threads      int        `json:"threads"`
	SchemaPrefix string     `json:"schema_prefix,omitempty"`
	Retries      int        `json:"retries"`
	S3Stage      string     `json:"s3_stage,omitempty"`    // redshift: s3://bucket/prefix where loads are staged
	IAMRole      string     `json:"iam_role,omitempty"`    // redshift: role ARN the cluster assumes to read the stage
	S3Endpoint   string     `json:"s3_endpoint,omitempty"` // redshift: S3-compatible server instead of AWS (tests, MinIO)
	S3Region     string     `json:"s3_region,omitempty"`   // redshift: the stage bucket's region
	Secrets      []string   `json:"secrets,omitempty"`     // attribute names whose values are secret ("dsn")
	Decl         diag.Range `json:"-"`
	Attrs        Ranges     `json:"-"`
}

// Model converts the target to the models vocabulary.
func (t *Target) Model() models.Target {
	return models.Target{Name: t.Name, Adapter: t.Adapter, Path: t.Path, DSN: t.DSN,
		Threads: t.Threads, SchemaPrefix: t.SchemaPrefix, Retries: t.Retries,
		S3Stage: t.S3Stage, IAMRole: t.IAMRole, S3Endpoint: t.S3Endpoint, S3Region: t.S3Region}
}

// Variable is one entry of a `variables` block, after --var overrides.
type Variable struct {
	Name       string     `json:"name"`
	Value      string     `json:"value"`
	Overridden bool       `json:"overridden,omitempty"` // Options.Vars replaced the HCL value
	Decl       diag.Range `json:"-"`
}

// ColumnDecl is one `name = "type"` entry of a columns or column_types map,
// in the order written.
type ColumnDecl struct {
	Name  string     `json:"name"`
	Type  string     `json:"type"`
	Range diag.Range `json:"-"`
}

// Freshness is the freshness gate of an external source.
type Freshness struct {
	Column    string        `json:"column"`
	MaxAge    string        `json:"max_age"` // as written, e.g. "26h"
	MaxAgeDur time.Duration `json:"max_age_ns"`
	Decl      diag.Range    `json:"-"`
	Attrs     Ranges        `json:"-"`
}

// Source types a `source` block may have.
const (
	SourceExternal  = "external"
	SourcePostgres  = "postgres"
	SourceMySQL     = "mysql"
	SourceCassandra = "cassandra"
)

// Source is a `source "TYPE" "schema.name"` block. Attributes that core quill
// does not know (for postgres, mysql and cassandra only) are kept, as strings,
// in Extra so that later features can read them; non-string values are kept
// as their JSON text.
type Source struct {
	Type       string            `json:"type"`
	Name       string            `json:"name"` // the relation it lands as
	Columns    []ColumnDecl      `json:"columns,omitempty"`
	PrimaryKey []string          `json:"primary_key,omitempty"`
	Freshness  *Freshness        `json:"freshness,omitempty"`
	DSN        string            `json:"-"` // a secret
	Query      string            `json:"query,omitempty"`
	Snapshot   string            `json:"snapshot,omitempty"`
	Schema     string            `json:"schema,omitempty"`
	AsOf       string            `json:"as_of,omitempty"`
	AsOfTime   time.Time         `json:"-"`
	Extra      map[string]string `json:"extra,omitempty"`
	Secrets    []string          `json:"secrets,omitempty"` // names (dsn, Extra keys) whose values are secret
	Decl       diag.Range        `json:"-"`
	Attrs      Ranges            `json:"-"`
}

// Seed is a `seed "schema.name"` block: config for seeds/<schema>/<name>.csv.
type Seed struct {
	Name        string       `json:"name"`
	PrimaryKey  []string     `json:"primary_key,omitempty"`
	ColumnTypes []ColumnDecl `json:"column_types,omitempty"`
	Decl        diag.Range   `json:"-"`
	Attrs       Ranges       `json:"-"`
}

// Model is a `model "schema.name"` block: config for models/<schema>/<name>.sql.
// Materialized is empty when the block does not set it (the compiler applies
// the default, table).
type Model struct {
	Name         string     `json:"name"`
	Materialized string     `json:"materialized,omitempty"`
	PrimaryKey   []string   `json:"primary_key,omitempty"`
	UniqueKey    []string   `json:"unique_key,omitempty"`
	Tags         []string   `json:"tags,omitempty"` // sorted, unique
	DependsOn    []string   `json:"depends_on,omitempty"`
	Asserts      []*Assert  `json:"asserts,omitempty"` // in the order written
	Decl         diag.Range `json:"-"`
	Attrs        Ranges     `json:"-"`
}

// Assert kinds (SPEC §5).
const (
	AssertNotNull        = "not_null"
	AssertUnique         = "unique"
	AssertAcceptedValues = "accepted_values"
	AssertRelationships  = "relationships"
	AssertRowCount       = "row_count"
	AssertExpression     = "expression"
	AssertFreshness      = "freshness"
)

// Assert is an `assert "KIND"` block of a model. Columns holds the column
// attribute too, so consumers read one field. For relationships, To is
// "schema.name.col", split into ToRelation and ToColumn.
type Assert struct {
	Kind       string        `json:"kind"`
	Columns    []string      `json:"columns,omitempty"`
	Values     []string      `json:"values,omitempty"`
	To         string        `json:"to,omitempty"`
	ToRelation string        `json:"to_relation,omitempty"`
	ToColumn   string        `json:"to_column,omitempty"`
	Min        *int64        `json:"min,omitempty"`
	Max        *int64        `json:"max,omitempty"`
	Expression string        `json:"expression,omitempty"`
	MaxAge     string        `json:"max_age,omitempty"`
	MaxAgeDur  time.Duration `json:"max_age_ns,omitempty"`
	Severity   string        `json:"severity"` // "error" (default) or "warn"
	Decl       diag.Range    `json:"-"`
	Attrs      Ranges        `json:"-"`
}

// Sink is a `sink "nostos" "NAME"` block. Store is "embedded" (the default)
// or "cassandra", in which case Cassandra is set.
type Sink struct {
	Type      string          `json:"type"`
	Name      string          `json:"name"`
	From      string          `json:"from"`
	Key       []string        `json:"key"`
	Fields    []string        `json:"fields,omitempty"`  // empty: every column but the key
	Collect   string          `json:"collect,omitempty"` // "" or "list"
	Keep      int             `json:"keep"`              // default 3
	Store     string          `json:"store"`
	Cassandra *CassandraStore `json:"cassandra,omitempty"`
	Decl      diag.Range      `json:"-"`
	Attrs     Ranges          `json:"-"`
}

// CassandraStore is the `cassandra { hosts keyspace bulk }` block of a sink.
// Bulk "sstable" writes each version as SSTables for sstableloader instead of
// CQL inserts.
type CassandraStore struct {
	Hosts    []string   `json:"hosts"`
	Keyspace string     `json:"keyspace"`
	Bulk     string     `json:"bulk,omitempty"`
	Decl     diag.Range `json:"-"`
	Attrs    Ranges     `json:"-"`
}

package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/quill-etl/quill/adapters"
)

// relKinds maps pg_class.relkind to the DROP keyword and adapters' kind.
func relKind(relkind string) (drop, kind string) {
	switch relkind {
	case "v":
		return "VIEW", "view"
	case "m":
		return "MATERIALIZED VIEW", "view"
	case "f":
		return "FOREIGN TABLE", "table"
	}
	return "TABLE", "table" // r (table), p (partitioned table)
}

// Relations lists the tables (plain, partitioned, foreign) and views (plain,
// materialized) of the given schemas, sorted by schema and name.
func (w *Warehouse) Relations(ctx context.Context, schemas []string) ([]adapters.RelationInfo, error) {
	if len(schemas) == 0 {
		return nil, nil
	}
	res, err := queryAll(ctx, w.pool, `SELECT n.nspname, c.relname, c.relkind::text
		FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = ANY($1) AND c.relkind IN ('r', 'p', 'f', 'v', 'm')
		ORDER BY n.nspname, c.relname`, schemas)
	if err != nil {
		return nil, w.wrap(err, "listing relations")
	}
	out := make([]adapters.RelationInfo, 0, len(res.Rows))
	for _, r := range res.Rows {
		_, kind := relKind(r[2].(string))
		out = append(out, adapters.RelationInfo{Rel: adapters.RelName{Schema: r[0].(string), Name: r[1].(string)}, Kind: kind})
	}
	return out, nil
}

// relation is an existing relation's identity in pg_class.
type relation struct {
	oid     uint32
	relkind string // "" when absent
}

// lookup finds rel in the catalog as q sees it.
func lookup(ctx context.Context, q querier, rel adapters.RelName) (relation, error) {
	var r relation
	rows, err := q.Query(ctx, `SELECT c.oid, c.relkind::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = $1 AND c.relname = $2`, rel.Schema, rel.Name)
	if err != nil {
		return r, err
	}
	defer rows.Close()
	if rows.Next() {
		err = rows.Scan(&r.oid, &r.relkind)
	}
	if err == nil {
		err = rows.Err()
	}
	return r, err
}

// EnsureSchema creates schema when it does not exist.
func (w *Warehouse) EnsureSchema(ctx context.Context, schema string) error {
	_, err := w.pool.Exec(ctx, `CREATE SCHEMA IF NOT EXISTS `+adapters.QuoteIdent(schema))
	if isDuplicate(err) {
		err = nil // a concurrent CREATE SCHEMA IF NOT EXISTS won the race
	}
	return w.wrap(err, "creating schema %s", schema)
}

// Drop drops rel, a table or a view, if it exists. Relations that depend on
// it make the drop fail: quill never drops what it did not build.
func (w *Warehouse) Drop(ctx context.Context, rel adapters.RelName) error {
	return w.wrap(w.inTx(ctx, func(tx pgx.Tx) error {
		return dropIfExists(ctx, tx, rel, false)
	}), "dropping %s", rel)
}

func dropIfExists(ctx context.Context, q querier, rel adapters.RelName, cascade bool) error {
	r, err := lookup(ctx, q, rel)
	if err != nil || r.relkind == "" {
		return err
	}
	drop, _ := relKind(r.relkind)
	sql := `DROP ` + drop + ` ` + rel.Quoted()
	if cascade {
		sql += ` CASCADE`
	}
	_, err = q.Exec(ctx, sql)
	return err
}

// CleanupTemps drops every relation whose name starts with
// adapters.TempPrefix in the given schemas, left behind by a crashed run.
func (w *Warehouse) CleanupTemps(ctx context.Context, schemas []string) ([]adapters.RelName, error) {
	return adapters.DropTemps(ctx, w, schemas)
}

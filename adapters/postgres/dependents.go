package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// dependent is a view (or materialized view) built on a relation that is
// being replaced: the statements that recreate it as it is now.
type dependent struct {
	statements []string
}

// dependentsSQL finds every view that depends, directly or through other
// views, on relation $1, and generates, per view, the statements that
// recreate it: CREATE (with its options), its comment, its grants and, for
// a materialized view, its indexes. The server quotes every identifier and
// literal (format %I/%L, regclass). Views come out in dependency order: by
// the length of the longest path from $1, so each comes after the views it
// reads.
const dependentsSQL = `
WITH RECURSIVE dep(oid, depth) AS (
	SELECT $1::oid, 0
	UNION
	SELECT r.ev_class, dep.depth + 1
	FROM dep
	JOIN pg_depend d ON d.refclassid = 'pg_class'::regclass AND d.refobjid = dep.oid
		AND d.classid = 'pg_rewrite'::regclass
	JOIN pg_rewrite r ON r.oid = d.objid
	WHERE r.ev_class <> dep.oid
), deps AS (
	SELECT oid, max(depth) AS depth FROM dep WHERE depth > 0 GROUP BY oid
), v AS (
	SELECT c.oid, deps.depth, c.relacl,
		CASE c.relkind WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'VIEW' END AS kw,
		CASE WHEN c.reloptions IS NULL THEN '' ELSE ' WITH (' || array_to_string(c.reloptions, ', ') || ')' END AS opts,
		obj_description(c.oid, 'pg_class') AS comment
	FROM deps JOIN pg_class c ON c.oid = deps.oid
)
SELECT array_remove(
	ARRAY[
		format('CREATE %s %s%s AS %s', v.kw, v.oid::regclass, v.opts, rtrim(btrim(pg_get_viewdef(v.oid)), ';')),
		CASE WHEN v.comment IS NOT NULL THEN format('COMMENT ON %s %s IS %L', v.kw, v.oid::regclass, v.comment) END
	]
	|| coalesce((SELECT array_agg(format('GRANT %s ON %s TO %s%s', a.privilege_type, v.oid::regclass,
			CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END,
			CASE WHEN a.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END))
		FROM aclexplode(v.relacl) a), '{}')
	|| coalesce((SELECT array_agg(pg_get_indexdef(i.indexrelid)) FROM pg_index i WHERE i.indrelid = v.oid), '{}'),
	NULL)
FROM v
ORDER BY v.depth, v.oid`

// dependents captures the views built on the relation oid. It runs with an
// empty search_path so that every name in the captured definitions is
// schema-qualified and means the same thing whatever the search_path is
// when they are replayed.
func dependents(ctx context.Context, tx pgx.Tx, oid uint32) ([]dependent, error) {
	var path string
	if err := tx.QueryRow(ctx, `SELECT current_setting('search_path')`).Scan(&path); err != nil {
		return nil, err
	}
	if _, err := tx.Exec(ctx, `SELECT set_config('search_path', '', true)`); err != nil {
		return nil, err
	}
	rows, err := tx.Query(ctx, dependentsSQL, oid)
	if err != nil {
		return nil, err
	}
	stmts, err := pgx.CollectRows(rows, pgx.RowTo[[]string])
	if err != nil {
		return nil, err
	}
	if _, err := tx.Exec(ctx, `SELECT set_config('search_path', $1, true)`, path); err != nil {
		return nil, err
	}
	deps := make([]dependent, len(stmts))
	for i, s := range stmts {
		deps[i] = dependent{statements: s}
	}
	return deps, nil
}

// recreate replays captured views, in the order they were captured.
func recreate(ctx context.Context, tx pgx.Tx, deps []dependent) error {
	for _, d := range deps {
		for _, s := range d.statements {
			if _, err := tx.Exec(ctx, s); err != nil {
				return fmt.Errorf("recreating a view built on it (%.120s): %w", s, err)
			}
		}
	}
	return nil
}

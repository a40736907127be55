package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/quill-etl/quill/adapters"
)

// inTx runs fn in one transaction, committed when fn returns nil.
// PostgreSQL's DDL is transactional: a failure changes nothing.
func (w *Warehouse) inTx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	return pgx.BeginFunc(ctx, w.pool, fn)
}

// isDuplicate reports a unique violation or an "already exists" error, which
// concurrent CREATE … IF NOT EXISTS statements can raise.
func isDuplicate(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && (pgErr.Code == "23505" || pgErr.Code == "42P06" || pgErr.Code == "42P07")
}

// BuildTemp runs CREATE TABLE <tmp> AS selectSQL in rel's schema.
func (w *Warehouse) BuildTemp(ctx context.Context, rel adapters.RelName, selectSQL string) (adapters.Temp, error) {
	t := adapters.Temp{Rel: rel, Tmp: adapters.RelName{Schema: rel.Schema, Name: adapters.TempName(rel.Name)}}
	tag, err := w.pool.Exec(ctx, `CREATE TABLE `+t.Tmp.Quoted()+` AS `+selectSQL)
	if err != nil {
		return t, w.wrap(err, "building %s", rel)
	}
	t.Rows = tag.RowsAffected() // "SELECT n"
	return t, nil
}

// checkTemp refuses a Temp that could make Swap or DropTemp touch a user
// relation or move a table across schemas.
func checkTemp(t adapters.Temp) error {
	if !strings.HasPrefix(t.Tmp.Name, adapters.TempPrefix) || t.Tmp.Schema != t.Rel.Schema {
		return fmt.Errorf("postgres: %s is not a temporary relation for %s", t.Tmp, t.Rel)
	}
	return nil
}

// Swap replaces t.Rel (a table, a view or nothing) with t.Tmp in one
// transaction; the views built on the old relation are recreated on the new
// one (see doc.go).
func (w *Warehouse) Swap(ctx context.Context, t adapters.Temp) error {
	if err := checkTemp(t); err != nil {
		return err
	}
	err := w.inTx(ctx, func(tx pgx.Tx) error {
		return replace(ctx, tx, t.Rel, func() error {
			_, err := tx.Exec(ctx, `ALTER TABLE `+t.Tmp.Quoted()+` RENAME TO `+adapters.QuoteIdent(t.Rel.Name))
			return err
		})
	})
	return w.wrap(err, "swapping %s into %s", t.Tmp.Name, t.Rel)
}

// replace drops rel (whatever it is) with the views built on it, runs
// create, which must make a new rel, and recreates those views on it.
func replace(ctx context.Context, tx pgx.Tx, rel adapters.RelName, create func() error) error {
	old, err := lookup(ctx, tx, rel)
	if err != nil {
		return err
	}
	var deps []dependent
	if old.relkind != "" {
		// Lock first, so that no view can be built on rel between the
		// capture and the drop (it would be dropped and not recreated).
		if strings.Contains("rpv", old.relkind) {
			if _, err := tx.Exec(ctx, `LOCK TABLE `+rel.Quoted()+` IN ACCESS EXCLUSIVE MODE`); err != nil {
				return err
			}
		}
		if deps, err = dependents(ctx, tx, old.oid); err != nil {
			return err
		}
		if err := dropIfExists(ctx, tx, rel, true); err != nil {
			return err
		}
	}
	if err := create(); err != nil {
		return err
	}
	return recreate(ctx, tx, deps)
}

// DropTemp drops a temporary relation that will not be swapped.
func (w *Warehouse) DropTemp(ctx context.Context, t adapters.Temp) error {
	if err := checkTemp(t); err != nil {
		return err
	}
	_, err := w.pool.Exec(ctx, `DROP TABLE IF EXISTS `+t.Tmp.Quoted())
	return w.wrap(err, "dropping %s", t.Tmp)
}

// CreateView makes rel a view of selectSQL in one transaction, whatever rel
// was before; views built on the old rel are recreated on the new view.
func (w *Warehouse) CreateView(ctx context.Context, rel adapters.RelName, selectSQL string) error {
	err := w.inTx(ctx, func(tx pgx.Tx) error {
		return replace(ctx, tx, rel, func() error {
			_, err := tx.Exec(ctx, `CREATE VIEW `+rel.Quoted()+` AS `+selectSQL)
			return err
		})
	})
	return w.wrap(err, "creating view %s", rel)
}

package duckdb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/quill-etl/quill/adapters"
)

// inTx runs fn in one transaction, committed when fn returns nil. DuckDB's
// DDL is transactional, so a failure leaves the catalog as it was.
func (w *Warehouse) inTx(ctx context.Context, fn func(tx execer) error) error {
	tx, err := w.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

// BuildTemp runs CREATE TABLE <tmp> AS selectSQL in rel's schema.
func (w *Warehouse) BuildTemp(ctx context.Context, rel adapters.RelName, selectSQL string) (adapters.Temp, error) {
	t := adapters.Temp{Rel: rel, Tmp: adapters.RelName{Schema: rel.Schema, Name: adapters.TempName(rel.Name)}}
	if err := w.Exec(ctx, `CREATE TABLE `+t.Tmp.Quoted()+` AS `+selectSQL); err != nil {
		return t, fmt.Errorf("duckdb: building %s: %w", rel, err)
	}
	n, err := w.count(ctx, t.Tmp)
	if err != nil {
		_ = w.DropTemp(context.WithoutCancel(ctx), t)
		return t, err
	}
	t.Rows = n
	return t, nil
}

func (w *Warehouse) count(ctx context.Context, rel adapters.RelName) (int64, error) {
	var n int64
	if err := w.db.QueryRowContext(ctx, `SELECT count(*) FROM `+rel.Quoted()).Scan(&n); err != nil {
		return 0, fmt.Errorf("duckdb: counting %s: %w", rel, err)
	}
	return n, nil
}

// Swap replaces t.Rel (a table, a view or nothing) with t.Tmp in one
// transaction. Views reading t.Rel are bound by name and need no help.
func (w *Warehouse) Swap(ctx context.Context, t adapters.Temp) error {
	if err := checkTemp(t); err != nil {
		return err
	}
	err := w.inTx(ctx, func(tx execer) error {
		if err := dropIfExists(ctx, tx, t.Rel); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `ALTER TABLE `+t.Tmp.Quoted()+` RENAME TO `+adapters.QuoteIdent(t.Rel.Name))
		return err
	})
	if err != nil {
		return fmt.Errorf("duckdb: swapping %s into %s: %w", t.Tmp.Name, t.Rel, err)
	}
	return nil
}

// checkTemp refuses a Temp that could make Swap or DropTemp touch a user
// relation or move a table across schemas.
func checkTemp(t adapters.Temp) error {
	if !strings.HasPrefix(t.Tmp.Name, adapters.TempPrefix) || t.Tmp.Schema != t.Rel.Schema {
		return fmt.Errorf("duckdb: %s is not a temporary relation for %s", t.Tmp, t.Rel)
	}
	return nil
}

// DropTemp drops a temporary relation that will not be swapped.
func (w *Warehouse) DropTemp(ctx context.Context, t adapters.Temp) error {
	if err := checkTemp(t); err != nil {
		return err
	}
	if err := w.Exec(ctx, `DROP TABLE IF EXISTS `+t.Tmp.Quoted()); err != nil {
		return fmt.Errorf("duckdb: dropping %s: %w", t.Tmp, err)
	}
	return nil
}

// CreateView makes rel a view of selectSQL in one transaction, whatever rel
// was before.
func (w *Warehouse) CreateView(ctx context.Context, rel adapters.RelName, selectSQL string) error {
	err := w.inTx(ctx, func(tx execer) error {
		if err := dropIfExists(ctx, tx, rel); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `CREATE VIEW `+rel.Quoted()+` AS `+selectSQL)
		return err
	})
	if err != nil {
		return fmt.Errorf("duckdb: creating view %s: %w", rel, err)
	}
	return nil
}

var (
	_ execer = (*sql.Tx)(nil)
	_ execer = (*sql.DB)(nil)
)

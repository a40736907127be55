package duckdb

import (
	"context"
	"fmt"

	"github.com/quill-etl/quill/adapters"
)

// Merge applies t.Tmp to t.Rel in one transaction; see adapters.Warehouse.
func (w *Warehouse) Merge(ctx context.Context, t adapters.Temp, key []string, check func(context.Context, adapters.Querier, adapters.MergeStats) error) (adapters.MergeStats, error) {
	var st adapters.MergeStats
	if err := checkTemp(t); err != nil {
		return st, err
	}
	defer func() { _ = w.DropTemp(context.WithoutCancel(ctx), t) }()
	err := w.inTx(ctx, func(tx execer) error {
		head, err := queryAll(ctx, tx, `SELECT * FROM `+t.Tmp.Quoted()+` LIMIT 0`)
		if err != nil {
			return err
		}
		if st.Before, err = countIn(ctx, tx, t.Rel); err != nil {
			return err
		}
		del, ins := adapters.MergeSQL(t, head.Columns, key)
		if del != "" {
			res, err := tx.ExecContext(ctx, del)
			if err != nil {
				return err
			}
			st.Deleted, _ = res.RowsAffected()
		}
		res, err := tx.ExecContext(ctx, ins)
		if err != nil {
			return err
		}
		st.Inserted, _ = res.RowsAffected()
		if check == nil {
			return nil
		}
		return check(ctx, txQuerier{tx}, st)
	})
	if err != nil {
		return st, fmt.Errorf("duckdb: merging into %s: %w", t.Rel, err)
	}
	return st, nil
}

func countIn(ctx context.Context, q execer, rel adapters.RelName) (int64, error) {
	res, err := queryAll(ctx, q, `SELECT count(*) FROM `+rel.Quoted())
	if err != nil {
		return 0, err
	}
	n, _ := res.Rows[0][0].(int64)
	return n, nil
}

// txQuerier lets a check read inside the merge's transaction.
type txQuerier struct{ tx execer }

func (q txQuerier) Query(ctx context.Context, sql string, args ...any) (*adapters.Result, error) {
	return queryAll(ctx, q.tx, sql, args...)
}

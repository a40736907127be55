package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/quill-etl/quill/adapters"
)

// Merge applies t.Tmp to t.Rel in one transaction; see adapters.Warehouse.
func (w *Warehouse) Merge(ctx context.Context, t adapters.Temp, key []string, check func(context.Context, adapters.Querier, adapters.MergeStats) error) (adapters.MergeStats, error) {
	var st adapters.MergeStats
	if err := checkTemp(t); err != nil {
		return st, err
	}
	defer func() { _ = w.DropTemp(context.WithoutCancel(ctx), t) }()
	err := w.inTx(ctx, func(tx pgx.Tx) error {
		head, err := queryAll(ctx, tx, `SELECT * FROM `+t.Tmp.Quoted()+` LIMIT 0`)
		if err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM `+t.Rel.Quoted()).Scan(&st.Before); err != nil {
			return err
		}
		del, ins := adapters.MergeSQL(t, head.Columns, key)
		if del != "" {
			tag, err := tx.Exec(ctx, del)
			if err != nil {
				return err
			}
			st.Deleted = tag.RowsAffected()
		}
		tag, err := tx.Exec(ctx, ins)
		if err != nil {
			return err
		}
		st.Inserted = tag.RowsAffected()
		if check == nil {
			return nil
		}
		return check(ctx, txQuerier{tx}, st)
	})
	return st, w.wrap(err, "merging into %s", t.Rel)
}

// txQuerier lets a check read inside the merge's transaction.
type txQuerier struct{ tx pgx.Tx }

func (q txQuerier) Query(ctx context.Context, sql string, args ...any) (*adapters.Result, error) {
	return queryAll(ctx, q.tx, sql, args...)
}

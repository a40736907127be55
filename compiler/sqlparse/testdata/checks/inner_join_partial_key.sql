-- want: row_count le raw.items join_unique
select o.id, i.sku from raw.orders o join raw.items i on i.order_id = o.id

-- want: primary_key(id) carried; row_count le raw.orders join_unique
select o.id, i.sku from raw.orders o join raw.items i on i.order_id = o.id and i.line_no = 1

-- want: primary_key(id) carried; row_count eq raw.orders left_join_unique
select o.id, i.sku from raw.orders o left join raw.items i on i.order_id = o.id and i.line_no = 1

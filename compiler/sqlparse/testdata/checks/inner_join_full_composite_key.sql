-- want: primary_key(order_id,line_no) carried; row_count le raw.items join_unique
select i.order_id, i.line_no, i.sku, o.status from raw.items i join raw.orders o on o.id = i.order_id

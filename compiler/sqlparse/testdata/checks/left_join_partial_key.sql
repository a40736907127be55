-- want: none
select o.id, i.sku from raw.orders o left join raw.items i on i.order_id = o.id

-- want: raw.payments, raw.orders
select id, (select max(amount) from raw.payments p where p.order_id = o.id) from raw.orders o

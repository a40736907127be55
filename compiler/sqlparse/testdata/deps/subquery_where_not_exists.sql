-- want: raw.orders, blocked.customers
select * from raw.orders o where not exists (select 1 from blocked.customers b where b.id = o.customer_id)

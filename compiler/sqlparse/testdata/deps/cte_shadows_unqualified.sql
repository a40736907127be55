-- want: raw.orders
with orders as (select * from raw.orders) select * from orders

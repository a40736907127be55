-- want: orders
with orders as (select * from orders) select * from orders

-- want: public.orders, raw.orders
with orders as (select 1) select * from orders, public.orders, raw.orders

-- want: raw.orders
select * from raw . orders

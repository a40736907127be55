-- want: raw.orders
select id from raw.orders

-- want: none
select id from raw.users union all select id from raw.orders

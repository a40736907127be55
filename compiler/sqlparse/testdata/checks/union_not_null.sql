-- want: primary_key(id) union
select id from raw.users union select id from raw.orders

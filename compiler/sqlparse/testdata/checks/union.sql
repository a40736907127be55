-- want: unique(id) union
select id from raw.users union select user_id from raw.orders

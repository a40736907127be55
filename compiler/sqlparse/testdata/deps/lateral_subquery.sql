-- want: raw.users, raw.orders
select * from raw.users u, lateral (select * from raw.orders o where o.user_id = u.id order by at desc limit 3) r

-- want: raw.users, raw.orders
select * from raw.users u left join lateral (select * from raw.orders o where o.user_id = u.id) r on true

-- want: primary_key(id) carried; row_count le raw.orders filter
select o.id, u.name from raw.orders o, raw.users u where u.id = o.user_id

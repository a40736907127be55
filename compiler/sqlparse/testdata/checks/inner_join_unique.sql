-- want: primary_key(id) carried; row_count le raw.orders join_unique
select o.id, u.name from raw.orders o join raw.users u on u.id = o.user_id

-- want: primary_key(id) carried; row_count le raw.orders filter
select o.id, u.id as uid from raw.orders o left join raw.users u on u.id = o.user_id where u.id is not null

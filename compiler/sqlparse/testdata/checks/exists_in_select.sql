-- want: primary_key(id) carried; row_count eq raw.users projection
select id, exists(select 1 from raw.orders o where o.user_id = u.id) as has_orders from raw.users u

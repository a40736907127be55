-- want: primary_key(id) carried; row_count eq raw.users projection
select u.id, (select max(o.amount) from raw.orders o where o.user_id = u.id) as biggest from raw.users u

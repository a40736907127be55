-- want: primary_key(id) carried; row_count eq raw.users projection
select u.id, (select count(*) from raw.orders o where o.user_id = u.id) as n from raw.users u

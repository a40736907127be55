-- want: primary_key(id) carried; row_count le raw.users semi_join
select id from raw.users u where exists (select 1 from raw.orders o where o.user_id = u.id)

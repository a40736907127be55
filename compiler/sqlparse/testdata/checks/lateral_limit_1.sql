-- want: primary_key(id) carried; row_count eq raw.users left_join_unique
select u.id, o.amount from raw.users u left join lateral (select amount from raw.orders o where o.user_id = u.id order by created_at desc limit 1) o on true

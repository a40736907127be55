-- want: primary_key(order_id) carried; row_count eq raw.orders left_join_unique
select u.id as user_id, o.id as order_id from raw.orders o left join raw.users u on u.id = o.user_id

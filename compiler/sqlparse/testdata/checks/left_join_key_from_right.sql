-- want: row_count eq raw.orders left_join_unique
select u.id, u.name from raw.orders o left join raw.users u on u.id = o.user_id

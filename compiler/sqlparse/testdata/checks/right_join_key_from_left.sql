-- want: row_count eq raw.orders left_join_unique
select u.id from raw.users u right join raw.orders o on o.user_id = u.id

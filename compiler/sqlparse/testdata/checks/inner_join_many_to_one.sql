-- want: row_count le raw.orders join_unique
select u.id, u.name, o.amount from raw.users u join raw.orders o on o.user_id = u.id

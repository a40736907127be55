-- want: primary_key(id) carried; row_count eq raw.orders left_join_unique
select o.id, o.amount, u.name from raw.orders o left join raw.users u on u.id = o.user_id

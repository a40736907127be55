-- want: primary_key(id) carried; row_count eq raw.orders left_join_unique
select o.id, u.name from raw.users u right join raw.orders o on o.user_id = u.id

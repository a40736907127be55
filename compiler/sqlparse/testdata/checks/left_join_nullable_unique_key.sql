-- want: primary_key(id) carried; row_count eq raw.orders left_join_unique
select o.id, u.name from raw.orders o left join raw.users u on u.email = o.status

-- want: primary_key(id) carried; row_count eq raw.orders left_join_unique
select o.id, u.name, c.name as country_name from raw.orders o left join raw.users u on u.id = o.user_id left join raw.countries c on c.code = u.country

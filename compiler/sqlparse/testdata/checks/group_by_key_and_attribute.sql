-- want: primary_key(id) group_by
select u.id, u.name, count(o.id) as orders from raw.users u left join raw.orders o on o.user_id = u.id group by u.id, u.name

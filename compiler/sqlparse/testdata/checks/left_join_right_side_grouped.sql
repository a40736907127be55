-- want: unique(id) group_by
select u.id, count(*) as n from raw.orders o left join raw.users u on u.id = o.user_id group by u.id

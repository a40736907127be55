-- want: unique(user_id) group_by
select user_id, sum(amount) as total from raw.orders group by user_id having sum(amount) > 100

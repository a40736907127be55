-- want: primary_key(user_id) group_by
select user_id, sum(amount) as total from raw.orders where user_id > 0 group by user_id

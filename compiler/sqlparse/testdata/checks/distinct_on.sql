-- want: unique(user_id) distinct_on
select distinct on (user_id) user_id, created_at, amount from raw.orders order by user_id, created_at desc

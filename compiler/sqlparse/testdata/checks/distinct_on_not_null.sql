-- want: primary_key(user_id) distinct_on
select distinct on (user_id) user_id, amount from raw.orders where user_id is not null order by user_id, created_at desc

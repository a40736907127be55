-- want: row_count le raw.events filter
select user_id, at from (select user_id, at, dense_rank() over (partition by user_id order by at desc) as rk from raw.events where user_id is not null) e where rk = 1

-- want: row_count le raw.events filter; unique(user_id) row_number_dedup
select user_id, at from (select user_id, at, row_number() over (partition by user_id order by at desc) as rn from raw.events) e where rn = 1

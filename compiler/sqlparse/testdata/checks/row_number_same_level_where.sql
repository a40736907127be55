-- want: row_count le raw.events filter; unique(user_id,rn) row_number
select user_id, row_number() over (partition by user_id order by at) as rn from raw.events where rn = 1

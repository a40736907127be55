-- want: row_count le raw.events filter
select user_id from (select user_id, row_number() over (order by at desc) as rn from raw.events) x where rn = 1

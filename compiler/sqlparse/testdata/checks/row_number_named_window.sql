-- want: primary_key(user_id) row_number_dedup; row_count le raw.events filter
select user_id, at from (select user_id, at, row_number() over w as rn from raw.events where user_id is not null window w as (partition by user_id order by at)) x where rn = 1

-- want: primary_key(user_id) row_number_dedup; row_count le raw.events filter
select user_id, kind, at from (select user_id, kind, at, row_number() over (partition by user_id order by at desc) as rn from raw.events where user_id is not null) e where rn = 1

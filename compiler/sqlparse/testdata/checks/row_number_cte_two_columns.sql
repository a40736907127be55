-- want: primary_key(user_id,kind) row_number_dedup; row_count le raw.events filter
with ranked as (select user_id, kind, row_number() over (partition by user_id, kind order by at desc) as rn from raw.events where user_id is not null and kind is not null) select user_id, kind from ranked where rn = 1

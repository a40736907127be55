-- want: row_count eq raw.events projection; unique(user_id,rn) row_number
select user_id, at, row_number() over (partition by user_id order by at) as rn from raw.events

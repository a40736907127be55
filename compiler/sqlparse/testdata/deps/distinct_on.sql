-- want: raw.events
select distinct on (user_id) * from raw.events order by user_id, at desc

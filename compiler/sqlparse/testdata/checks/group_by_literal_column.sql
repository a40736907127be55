-- want: primary_key(channel,user_id) group_by
select 'web' as channel, user_id, count(*) as n from raw.events where user_id is not null group by 1, 2

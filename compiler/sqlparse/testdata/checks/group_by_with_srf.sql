-- want: none
select user_id, unnest(tags) as tag from raw.events where user_id is not null group by user_id, tags

-- want: none
select user_id, unnest(tags) as tag from raw.events

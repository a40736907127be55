-- want: none
select e.user_id, t.tag from raw.events e cross join lateral unnest(e.tags) as t(tag)

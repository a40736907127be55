-- want: unique(tag) distinct
select distinct unnest(tags) as tag from raw.events

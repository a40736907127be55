-- want: raw.events
with raw as (select 1) select * from raw.events, raw

-- want: unique(day) group_by
select date_trunc('day', at) as day, count(*) as n from raw.events group by date_trunc('day', at)

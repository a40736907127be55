-- want: none
select count(*) as n from raw.events group by date_trunc('day', at)

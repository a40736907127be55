-- want: primary_key(kind) distinct_on
select distinct on (1) kind, at from raw.events where kind like 'x%' order by 1, at

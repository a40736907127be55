-- want: raw.x
with a as (select * from raw.x), b as (select * from a) select * from b

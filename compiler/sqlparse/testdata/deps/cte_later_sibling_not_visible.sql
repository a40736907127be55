-- want: b, raw.y
with a as (select * from b), b as (select * from raw.y) select * from a

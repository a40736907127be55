-- want: raw.a, b
with a as (select * from raw.a) select * from (with b as (select * from a) select * from b) s, b

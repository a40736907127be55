-- want: 
with recursive a as (select * from b), b as (select 1) select * from a

-- want: raw.outer_x, raw.inner_x
with x as (select * from raw.outer_x) select * from (with x as (select * from raw.inner_x) select * from x) s join x on true

-- want: raw.t, raw.u
with t as (select * from raw.t) select * from raw.u t

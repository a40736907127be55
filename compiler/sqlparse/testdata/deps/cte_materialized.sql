-- want: raw.m, raw.n
with m as materialized (select * from raw.m), n as not materialized (select * from raw.n) select * from m, n

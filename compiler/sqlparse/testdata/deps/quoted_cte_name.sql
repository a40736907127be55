-- want: raw.r, recent
with "Recent" as (select * from raw.r) select * from "Recent", recent

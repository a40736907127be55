-- want: raw.a
with a as (select 1 id) select id from a union select id from raw.a

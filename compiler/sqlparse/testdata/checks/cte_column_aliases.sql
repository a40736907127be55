-- want: primary_key(k) carried; row_count eq raw.users projection
with s(k, v) as (select id, name from raw.users) select * from s

-- want: primary_key(k) carried; row_count eq raw.users projection
select k from (select id, name from raw.users) as s(k, v)

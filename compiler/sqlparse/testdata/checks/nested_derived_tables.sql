-- want: primary_key(uid) carried; row_count eq raw.users projection
select x.uid from (select y.id as uid from (select id, name from raw.users) y) x

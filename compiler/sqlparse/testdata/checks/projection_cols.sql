-- want: primary_key(id) carried; row_count eq raw.users projection
select id, name from raw.users

-- want: primary_key(id) carried; row_count eq raw.users projection
select * from raw.users

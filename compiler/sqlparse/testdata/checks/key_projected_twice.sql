-- want: primary_key(id) carried; row_count eq raw.users projection
select id, id as id2 from raw.users

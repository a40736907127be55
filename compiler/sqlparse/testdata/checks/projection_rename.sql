-- want: primary_key(user_id) carried; row_count eq raw.users projection
select id as user_id, name from raw.users

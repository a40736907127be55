-- want: primary_key(id) carried; row_count eq raw.users projection
select id, upper(name) as uname, created_at + interval '1 day' as later from raw.users

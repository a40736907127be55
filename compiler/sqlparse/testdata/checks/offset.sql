-- want: primary_key(id) carried; row_count le raw.users limit
select id from raw.users order by id offset 5

-- want: primary_key(id) carried; row_count le raw.users filter
with u as (select id, name from raw.users where country = 'NZ') select id, name from u

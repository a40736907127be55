-- want: primary_key(id) carried; row_count le raw.users filter
select id from raw.users where country = 'NZ'

-- want: primary_key(id) carried; row_count le raw.users limit
select id from raw.users order by country fetch first 1 rows with ties

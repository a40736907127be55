-- want: row_count le raw.users limit
select name from raw.users limit 1

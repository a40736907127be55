-- want: row_count eq raw.users projection
select id::text as id_text from raw.users

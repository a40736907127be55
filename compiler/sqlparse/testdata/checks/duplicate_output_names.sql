-- want: row_count eq raw.users projection
select id, id from raw.users

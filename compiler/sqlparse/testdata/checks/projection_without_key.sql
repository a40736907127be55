-- want: row_count eq raw.users projection
select name, email from raw.users

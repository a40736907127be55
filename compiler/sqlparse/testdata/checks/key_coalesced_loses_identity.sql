-- want: row_count eq raw.users projection
select coalesce(id, 0) as id0 from raw.users

-- want: row_count le raw.unknown join_unique
select * from raw.nocols n join raw.unknown u on u.x = n.id

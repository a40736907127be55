-- want: raw.big
select * from raw.big tablesample system (10) repeatable (42)

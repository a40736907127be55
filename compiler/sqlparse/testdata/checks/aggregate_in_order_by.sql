-- want: none
select 1 as one from raw.users order by count(*)

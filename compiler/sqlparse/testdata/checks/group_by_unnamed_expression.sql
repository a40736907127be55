-- want: none
select upper(name), count(*) as n from raw.users group by upper(name)

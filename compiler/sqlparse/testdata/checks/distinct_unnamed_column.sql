-- want: none
select distinct lower(name) from raw.users

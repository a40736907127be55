-- want: none
select count(*) as n from raw.users having count(*) > 0

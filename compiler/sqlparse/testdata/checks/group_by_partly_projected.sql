-- want: none
select country, count(*) as n from raw.users group by country, name

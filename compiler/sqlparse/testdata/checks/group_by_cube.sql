-- want: none
select country, name, count(*) as n from raw.users group by cube(country, name)

-- want: unique(country,name) group_by
select country, name, count(*) as n from raw.users group by 1, 2

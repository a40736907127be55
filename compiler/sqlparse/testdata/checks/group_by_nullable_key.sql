-- want: unique(country) group_by
select country, count(*) as n from raw.users group by country

-- want: unique(country,name) group_by
select country, name, count(*) as n from raw.users where country = 'NZ' or country = 'AU' group by country, name

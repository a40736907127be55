-- want: unique(name) group_by
select country, name, count(*) as n from raw.users where country = 'NZ' group by country, name

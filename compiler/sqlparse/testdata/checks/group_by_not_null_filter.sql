-- want: primary_key(country) group_by
select country, count(*) as n from raw.users where country is not null group by country

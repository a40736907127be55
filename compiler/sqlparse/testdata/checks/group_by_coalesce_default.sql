-- want: primary_key(country) group_by
select coalesce(country, '??') as country, count(*) as n from raw.users group by coalesce(country, '??')

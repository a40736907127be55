-- want: none
select count(*) as n from raw.users group by country

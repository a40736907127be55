-- want: none
select email as name, count(*) as n from raw.users group by name

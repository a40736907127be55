-- want: none
select (select max(u.id) from raw.orders o limit 1) as m from raw.users u

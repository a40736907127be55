-- want: none
select o.id, u.name from raw.orders o, raw.users u

-- want: crm.users
select a, b from (select id, name from crm.users) u(a, b)

-- want: s.orders
select (select count(*) from o.items) from s.orders o

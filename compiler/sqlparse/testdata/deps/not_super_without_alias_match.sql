-- want: s.orders, p.items
select * from s.orders o, p.items i

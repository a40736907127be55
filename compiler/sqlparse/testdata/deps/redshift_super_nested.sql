-- want: s.orders
select * from s.orders o, o.items i, i.parts p

-- want: s.orders
select o.payload.a.b from s.orders o

-- want: s.orders
with o as (select * from s.orders) select * from o, o.items i

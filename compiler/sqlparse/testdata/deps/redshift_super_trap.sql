-- want: s.orders
select i.sku from s.orders o, o.items i

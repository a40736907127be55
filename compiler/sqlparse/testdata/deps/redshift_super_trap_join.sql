-- want: s.orders
select i.sku from s.orders o join o.items i on true

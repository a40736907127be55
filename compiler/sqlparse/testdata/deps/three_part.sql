-- want: warehouse.raw.orders
select * from warehouse.raw.orders

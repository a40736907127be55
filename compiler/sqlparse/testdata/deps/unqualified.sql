-- want: orders
select * from orders

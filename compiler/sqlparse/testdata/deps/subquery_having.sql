-- want: raw.orders, stats.order_counts
select customer_id, count(*) from raw.orders group by 1 having count(*) > (select avg(n) from stats.order_counts)

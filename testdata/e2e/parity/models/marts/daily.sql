SELECT order_date, count(*) AS orders, sum(amount) AS revenue,
       count(DISTINCT customer_id) AS customers
FROM staging.orders
WHERE status = 'paid'
GROUP BY order_date

SELECT c.customer_id, c.name, c.country, sum(o.amount) AS revenue, count(*) AS orders
FROM staging.customers c
LEFT JOIN staging.orders o ON o.customer_id = c.customer_id
GROUP BY c.customer_id, c.name, c.country

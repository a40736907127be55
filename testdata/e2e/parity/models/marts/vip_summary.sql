SELECT c.vip,
       count(*) FILTER (WHERE o.status = 'paid') AS paid_orders,
       CASE WHEN c.vip THEN 'vip' ELSE 'regular' END AS segment
FROM staging.customers c
JOIN staging.orders o ON o.customer_id = c.customer_id
GROUP BY c.vip

SELECT DISTINCT ON (customer_id) customer_id, order_id, amount
FROM staging.orders
ORDER BY customer_id, ordered_at, order_id

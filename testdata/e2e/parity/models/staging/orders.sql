SELECT id AS order_id, customer_id, amount, status, ordered_at,
       CAST(ordered_at AS date) AS order_date
FROM raw.orders
WHERE status <> 'cancelled'

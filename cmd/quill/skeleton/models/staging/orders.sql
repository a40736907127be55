-- Orders that count: cancelled ones never reach the marts.
SELECT id AS order_id, customer_id, amount, status, ordered_at
FROM raw.orders
WHERE status <> 'cancelled'

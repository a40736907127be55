-- Paid orders only.
SELECT id, customer_id, amount, status
FROM raw.orders
WHERE status = 'paid'

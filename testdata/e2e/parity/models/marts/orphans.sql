-- Orders whose customer is unknown, and customers without orders.
SELECT 'order' AS kind, o.order_id AS id
FROM staging.orders o
WHERE NOT EXISTS (SELECT 1 FROM staging.customers c WHERE c.customer_id = o.customer_id)
UNION
SELECT 'customer', c.customer_id
FROM staging.customers c
WHERE c.customer_id NOT IN (SELECT customer_id FROM staging.orders)

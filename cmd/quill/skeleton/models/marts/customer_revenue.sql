-- Revenue per customer; quill infers that it reads raw.customers and
-- staging.orders, and that customer_id is unique (GROUP BY).
WITH paid AS (
    SELECT customer_id, sum(amount) AS revenue, count(*) AS orders
    FROM staging.orders
    WHERE status = 'paid'
    GROUP BY customer_id
)
SELECT c.id AS customer_id, c.name, c.country,
       coalesce(p.revenue, 0) AS revenue,
       coalesce(p.orders, 0) AS orders
FROM raw.customers c
LEFT JOIN paid p ON p.customer_id = c.id

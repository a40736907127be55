WITH spend AS (
  SELECT customer_id, sum(amount) AS total
  FROM staging.orders
  GROUP BY customer_id
)
SELECT c.customer_id, c.name, c.country, coalesce(s.total, 0) AS total,
       rank() OVER (PARTITION BY c.country ORDER BY coalesce(s.total, 0) DESC, c.customer_id) AS country_rank
FROM staging.customers c
LEFT JOIN spend s ON s.customer_id = c.customer_id

-- A custom data test: it returns the failing rows. quill runs it before
-- marts.customer_revenue is published (the relation it reads built last).
SELECT customer_id, revenue
FROM marts.customer_revenue
WHERE revenue < 0

SELECT id AS customer_id, upper(name) AS name, country FROM raw.customers

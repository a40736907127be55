SELECT id AS customer_id, upper(name) AS name, country,
       coalesce(vip, false) AS vip, signed_up
FROM raw.customers

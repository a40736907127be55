SELECT id, name, upper(plan) AS plan
FROM raw.users

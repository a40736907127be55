SELECT id, lower(name) AS name, signed_up
FROM raw.users

SELECT id,
       name
FROM raw.users
WHERE id >> AND 1

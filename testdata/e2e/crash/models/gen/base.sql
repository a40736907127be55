SELECT g AS id, md5(g::text || '{{ var("salt") }}') AS h
FROM generate_series(1, 50000) AS g
CROSS JOIN (SELECT pg_sleep(0.2)) AS slow

SELECT b.id, b.h, length(b.h) + 2 AS n
FROM gen.base AS b
CROSS JOIN (SELECT pg_sleep(0.1 * 2)) AS slow

SELECT b.id, b.h, length(b.h) + 3 AS n
FROM gen.base AS b
CROSS JOIN (SELECT pg_sleep(0.1 * 3)) AS slow

SELECT b.id, b.h, length(b.h) + 1 AS n
FROM gen.base AS b
CROSS JOIN (SELECT pg_sleep(0.1 * 1)) AS slow

SELECT a1.id, a1.h, a2.n + a3.n AS n
FROM gen.a1
JOIN gen.a2 USING (id)
JOIN gen.a3 USING (id)
CROSS JOIN (SELECT pg_sleep(0.2)) AS slow

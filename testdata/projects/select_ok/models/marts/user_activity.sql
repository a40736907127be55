-- One row per user with their event count.
WITH counts AS (
  SELECT user_id, count(*) AS events
  FROM raw.events
  WHERE kind <> 'heartbeat'
  GROUP BY user_id
)
SELECT u.id AS user_id, u.name,
       coalesce(c.events, 0) AS events,
       CASE WHEN c.events IS NULL THEN 'none' WHEN c.events < 10 THEN 'some' ELSE 'lots' END AS tier
FROM staging.users u
LEFT JOIN counts c ON c.user_id = u.id

-- How many relations each schema of the warehouse holds.
SELECT table_schema, count(*) AS relations
FROM information_schema.tables
GROUP BY table_schema

SELECT x
FROM a.two
JOIN a.one USING (x)

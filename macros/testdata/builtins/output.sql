
select 'dev_m.input' as me, 'dev_m' as s, 'dev' as t,
       'duckdb' as a, 'dev_' as p,
       date '2026-01-01' as day, 100 as lim,
       'alice' as who, '/root' as home,
       false as inc, 1.50 as num, it's as q
from raw.events

-- want: raw.orders
with recent as (select * from raw.orders where at > now() - interval '1 day') select * from recent

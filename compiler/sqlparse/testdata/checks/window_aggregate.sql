-- want: primary_key(id) carried; row_count eq raw.orders projection
select id, sum(amount) over (partition by user_id) as user_total from raw.orders

-- want: primary_key(id) carried; row_count le raw.orders limit
select * from raw.orders order by created_at desc limit 10

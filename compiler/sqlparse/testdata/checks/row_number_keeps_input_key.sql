-- want: primary_key(id) carried; row_count le raw.orders filter
select id, user_id, amount from (select *, row_number() over (partition by user_id order by created_at desc) as rn from raw.orders) x where rn = 1

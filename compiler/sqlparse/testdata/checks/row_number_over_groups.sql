-- want: primary_key(rnk) row_number
select user_id, count(*) as n, row_number() over (order by count(*) desc) as rnk from raw.orders group by user_id

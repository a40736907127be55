-- want: primary_key(size) group_by
select case when amount > 100 then 'big' else 'small' end as size, count(*) as n from raw.orders group by 1

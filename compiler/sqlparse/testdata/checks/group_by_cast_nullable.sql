-- want: unique(amt) group_by
select amount::int as amt, count(*) as n from raw.orders group by 1

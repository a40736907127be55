-- want: raw.payments
select percentile_cont(0.5) within group (order by amount) from raw.payments

-- want: 
select d::date from generate_series(now() - interval '7 days', now(), interval '1 day') d

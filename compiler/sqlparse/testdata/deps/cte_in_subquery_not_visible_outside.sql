-- want: t
select * from (with t as (select 1) select * from t) s where exists (select 1 from t)

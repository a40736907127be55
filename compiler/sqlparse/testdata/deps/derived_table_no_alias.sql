-- want: s.t
select * from (select 1 from s.t)

-- want: s.t, s.t, s.t, s.t
select (select 1 from s.t) from s.t where exists (select 1 from s.t) order by (select 1 from s.t)

-- want: s.b, s.c, s.a
select case when exists (select 1 from s.b) then (select 1 from s.c) else 0 end from s.a

-- want: s.b, s.c, s.a
select coalesce((select 1 from s.b), 0), greatest((select 2 from s.c), 1) from s.a

-- want: s.a, s.b, s.c
select * from s.a cross join s.b natural join s.c

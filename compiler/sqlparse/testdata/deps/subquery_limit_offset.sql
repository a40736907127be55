-- want: s.a, s.b, s.c
select * from s.a limit (select count(*) from s.b) offset (select count(*) from s.c)

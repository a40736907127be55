-- want: s.a, s.b, s.c
select * from s.a join s.b on s.b.id = (select min(id) from s.c)

-- want: s.a, s.b, s.c
select * from s.a where x between (select min(x) from s.b) and (select max(x) from s.c)

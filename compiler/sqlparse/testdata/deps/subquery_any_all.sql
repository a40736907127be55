-- want: s.a, s.b, s.c
select * from s.a where x = any (select x from s.b) and y > all (select y from s.c)

-- want: s.a, s.b
select * from s.a where (x, y) = (select x, y from s.b limit 1)

-- want: s.a, s.b
select * from s.a where (x, y) in (select x, y from s.b)

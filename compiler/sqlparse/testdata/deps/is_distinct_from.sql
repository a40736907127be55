-- want: s.a, s.b
select * from s.a where x is distinct from (select x from s.b limit 1)

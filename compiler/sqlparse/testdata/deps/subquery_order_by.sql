-- want: s.a, s.b
select * from s.a order by (select max(z) from s.b where s.b.id = s.a.id)

-- want: s.a, s.b, s.c, s.d
select * from ((s.a join s.b on true) left join (s.c join s.d on true) on true)

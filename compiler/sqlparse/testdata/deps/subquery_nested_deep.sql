-- want: s.a, s.b, s.c, s.d
select * from s.a where id in (select id from s.b where id in (select id from s.c where id in (select id from s.d)))

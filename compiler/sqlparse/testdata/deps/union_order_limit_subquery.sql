-- want: s.a, s.b, s.c
select id from s.a union select id from s.b order by 1 limit (select 1 from s.c)

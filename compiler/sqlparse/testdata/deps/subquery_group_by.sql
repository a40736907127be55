-- want: s.b, s.a, s.b
select (select 1 from s.b) from s.a group by (select 1 from s.b)

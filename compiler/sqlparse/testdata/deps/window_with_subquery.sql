-- want: s.b, s.a
select sum(x) over (partition by (select 1 from s.b)) from s.a

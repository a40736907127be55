-- want: s.b, s.a
select coalesce(x, (select y from s.b limit 1)) from s.a

-- want: s.a, s.b
select j.id from (s.a join s.b using (id)) j

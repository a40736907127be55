-- want: s.tags, s.a
select array(select name from s.tags t where t.id = a.id) from s.a

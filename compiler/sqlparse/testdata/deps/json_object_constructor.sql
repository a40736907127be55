-- want: s.b, s.a
select json_object('k' : (select max(x) from s.b)) from s.a

-- want: s.b, s.a
select json_array(select x from s.b) from s.a

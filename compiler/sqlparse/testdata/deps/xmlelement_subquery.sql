-- want: s.b, s.a
select xmlelement(name foo, (select x from s.b)) from s.a

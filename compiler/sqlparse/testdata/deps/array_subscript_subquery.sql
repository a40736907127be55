-- want: s.b, s.a
select arr[(select 1 from s.b)] from s.a

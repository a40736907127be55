-- want: s.a
select * from s.a for update

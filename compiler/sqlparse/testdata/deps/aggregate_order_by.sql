-- want: s.o, s.t
select string_agg(name, ',' order by (select 1 from s.o)) from s.t

-- want: s.good, s.t
select count(*) filter (where x in (select x from s.good)) from s.t

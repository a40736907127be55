-- want: s.t
select median(x) over (partition by g) from s.t

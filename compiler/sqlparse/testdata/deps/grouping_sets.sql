-- want: s.t
select a, b, sum(c) from s.t group by grouping sets ((a), (b), ()), rollup (a, b), cube (b)

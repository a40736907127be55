-- want: s.a
select id, row_number() over w, sum(x) over (partition by g order by t rows between unbounded preceding and current row) from s.a window w as (partition by g order by t)

-- want: none
select g from generate_series(1, 10) as g

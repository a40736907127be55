-- want: 
select * from rows from (generate_series(1,3), unnest(array[1,2])) as x(a, b)

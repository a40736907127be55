-- want: none
select 1 as one

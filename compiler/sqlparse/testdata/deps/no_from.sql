-- want: 
select 1, now(), current_date

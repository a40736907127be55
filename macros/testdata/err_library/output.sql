select 1, 

select 

-- want: données.événements
select * from données.événements

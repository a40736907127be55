-- want: s.names
select listagg(name, ',') within group (order by name) from s.names

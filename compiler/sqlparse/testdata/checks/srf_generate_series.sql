-- want: none
select id, generate_series(1, 3) as n from raw.users

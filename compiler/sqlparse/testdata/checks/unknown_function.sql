-- want: none
select id, my_udf(name) as x from raw.users

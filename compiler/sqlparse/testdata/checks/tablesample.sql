-- want: primary_key(id) carried; row_count le raw.users filter
select * from raw.users tablesample bernoulli (10)

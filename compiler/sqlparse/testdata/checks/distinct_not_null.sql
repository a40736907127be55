-- want: primary_key(country) distinct
select distinct country from raw.users where country is not null

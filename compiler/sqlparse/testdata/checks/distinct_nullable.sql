-- want: unique(country) distinct
select distinct country from raw.users

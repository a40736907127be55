-- want: primary_key(id) carried
select distinct id, name from raw.users

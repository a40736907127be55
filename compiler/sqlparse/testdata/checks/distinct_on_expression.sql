-- want: primary_key(id) carried
select distinct on (lower(email)) lower(email) as e, id from raw.users order by lower(email), id

-- want: none
with u as (select id, country from raw.users) select a.id, b.country from u a join u b on b.country = a.country

-- want: primary_key(id) carried; primary_key(id2) carried; row_count le raw.users join_unique
with u as (select id, country from raw.users) select a.id, b.id as id2 from u a join u b on b.id = a.id

-- want: primary_key(id) carried; row_count le raw.users join_unique
select a.id, b.name as other from raw.users a join raw.users b on b.id = a.id

-- want: primary_key(id,other_id) carried
select a.id, b.id as other_id from raw.users a join raw.users b on b.country = a.country

-- want: none
select a.id, b.name from raw.users a join raw.users b on b.country = a.country

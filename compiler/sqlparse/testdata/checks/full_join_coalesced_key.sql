-- want: none
select coalesce(a.id, b.id) as id from raw.users a full join raw.orders b on b.id = a.id

-- want: primary_key(id) carried; row_count le raw.orders join_unique
select id, amount, name from raw.orders join raw.users using (id)

-- want: row_count le raw.events join_unique
select u.id, e.kind from raw.users u join raw.events e on e.user_id = u.id

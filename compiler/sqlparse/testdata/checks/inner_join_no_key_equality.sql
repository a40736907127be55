-- want: none
select u.id, e.kind from raw.users u join raw.events e on e.kind = u.name

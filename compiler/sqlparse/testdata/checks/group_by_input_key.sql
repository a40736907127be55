-- want: primary_key(id) group_by
select id, count(*) from raw.users group by id

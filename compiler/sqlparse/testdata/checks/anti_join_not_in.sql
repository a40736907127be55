-- want: primary_key(id) carried; row_count le raw.users filter
select id from raw.users where id not in (select user_id from raw.orders where user_id is not null)

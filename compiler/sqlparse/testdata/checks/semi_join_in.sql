-- want: primary_key(id) carried; row_count le raw.users semi_join
select * from raw.users where id in (select user_id from raw.orders)

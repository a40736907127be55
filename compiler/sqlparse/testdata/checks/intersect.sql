-- want: primary_key(id) carried; row_count le raw.users set_op
select id from raw.users intersect select user_id from raw.orders

-- want: primary_key(id) carried; row_count le raw.users set_op
select id, name from raw.users except all select id, name from raw.users where country = 'NZ'

-- want: none
select count(*) as n, max(created_at) as last_at from raw.users

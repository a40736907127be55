-- want: raw.users
select * from raw.users u cross join lateral jsonb_array_elements(u.tags) t

-- want: none
select u.id, o.amount from raw.users u cross join lateral (select amount from raw.orders o where o.user_id = u.id) o

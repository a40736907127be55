-- want: none
select u.id, t.n from raw.users u cross join (select user_id, count(*) as n from raw.orders group by user_id) t

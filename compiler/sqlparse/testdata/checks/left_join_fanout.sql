-- want: none
select u.id, o.amount from raw.users u left join raw.orders o on o.user_id = u.id

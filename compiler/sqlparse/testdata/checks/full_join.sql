-- want: none
select o.id from raw.orders o full join raw.users u on u.id = o.user_id

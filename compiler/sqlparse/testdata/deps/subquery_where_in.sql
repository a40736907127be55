-- want: raw.orders, crm.vip
select * from raw.orders where customer_id in (select id from crm.vip)

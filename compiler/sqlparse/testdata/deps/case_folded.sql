-- want: raw.orders, crm.customers
select * from RAW.Orders join Crm.CUSTOMERS on true

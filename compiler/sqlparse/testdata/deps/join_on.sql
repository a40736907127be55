-- want: raw.orders, crm.customers
select o.id from raw.orders o join crm.customers c on c.id = o.customer_id

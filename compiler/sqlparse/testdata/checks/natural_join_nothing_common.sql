-- want: primary_key(id,code) carried
select * from raw.orders natural join raw.countries

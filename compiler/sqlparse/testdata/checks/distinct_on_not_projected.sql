-- want: primary_key(id) carried
select distinct on (user_id) id, amount from raw.orders order by user_id

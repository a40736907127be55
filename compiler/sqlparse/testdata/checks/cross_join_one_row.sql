-- want: primary_key(id) carried; row_count eq raw.users projection
select u.id, t.n from raw.users u cross join (select count(*) as n from raw.orders) t

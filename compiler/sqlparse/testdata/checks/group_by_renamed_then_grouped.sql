-- want: primary_key(k) group_by
select k, count(*) as n from (select country as k from raw.users where country is not null) s group by k

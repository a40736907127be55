-- want: unique(lname) group_by
select lower(name) as lname, count(*) as n from raw.users group by lname

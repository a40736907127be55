-- want: raw.t
select * from (values (1), (2)) v(n) join raw.t on t.id = v.n

-- want: raw.t
select * from raw.t, unnest(t.arr) with ordinality as u(v, i)

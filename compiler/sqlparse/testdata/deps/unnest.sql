-- want: raw.t
select u from raw.t, unnest(t.arr) u

-- want: raw.t, raw.t
select a.id from raw.t a join raw.t b on a.parent = b.id

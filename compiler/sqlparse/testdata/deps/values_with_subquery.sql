-- want: raw.t
values ((select max(id) from raw.t))

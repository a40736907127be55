-- want: raw.a, raw.b, raw.c, raw.d
(select id from raw.a union all select id from raw.b) union (select id from raw.c except select id from raw.d)

-- want: raw.a, raw.b
select id from raw.a union select id from raw.b

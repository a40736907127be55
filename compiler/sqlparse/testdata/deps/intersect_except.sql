-- want: raw.a, raw.b, raw.c
select id from raw.a intersect select id from raw.b except all select id from raw.c

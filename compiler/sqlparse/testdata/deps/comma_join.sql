-- want: raw.a, raw.b, raw.c
select 1 from raw.a, raw.b, raw.c

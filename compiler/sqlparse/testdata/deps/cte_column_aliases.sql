-- want: raw.c
with c(a, b) as (select x, y from raw.c) select a, b from c

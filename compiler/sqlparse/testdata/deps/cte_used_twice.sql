-- want: raw.c
with c as (select * from raw.c) select * from c c1 join c c2 on c1.id = c2.id

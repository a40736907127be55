-- want: raw.t
-- leading comment
select /* inline */ * from raw.t -- trailing
;

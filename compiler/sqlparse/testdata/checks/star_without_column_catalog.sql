-- want: primary_key(id) carried; row_count eq raw.nocols projection
select * from raw.nocols

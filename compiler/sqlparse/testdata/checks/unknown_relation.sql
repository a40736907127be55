-- want: row_count eq raw.unknown projection
select a, b from raw.unknown

-- want: raw."Events", "RAW".events
select * from raw."Events" join "RAW".events on true

-- want: raw.events
select x.n from (select count(*) n from raw.events) x

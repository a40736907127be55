select * from raw.events
where at > (select max(at) from prod.events)

-- want: s.seed, s.next
with recursive r as (select * from s.seed union all select n.* from r, lateral (select * from s.next x where x.id = r.id) n) select * from r

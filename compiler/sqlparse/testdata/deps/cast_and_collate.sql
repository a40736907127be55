-- want: s.t
select x::text collate "C" from s.t

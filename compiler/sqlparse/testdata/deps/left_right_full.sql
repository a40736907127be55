-- want: a.x, a.y, a.z, a.w
select 1 from a.x left join a.y using (id) right join a.z on true full outer join a.w on false

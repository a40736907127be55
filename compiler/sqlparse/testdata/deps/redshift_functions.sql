-- want: redshift.a
select dateadd(day, -7, getdate()), datediff(day, a.x, a.y), nvl(a.z, 0), decode(a.k, 1, 'one', 'other'), convert_timezone('UTC', 'America/New_York', a.at), trunc(sysdate) from redshift.a

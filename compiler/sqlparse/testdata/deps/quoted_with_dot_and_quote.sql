-- want: "we.ird"."a""b"
select * from "we.ird"."a""b"

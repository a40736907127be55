-- want: "Mixed Case"."Weird Table"
select * from "Mixed Case"."Weird Table"

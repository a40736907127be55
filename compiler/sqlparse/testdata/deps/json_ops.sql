-- want: s.docs
select j->>'a', j #> '{b}' from s.docs where j @> '{"x":1}'

select id,
       round(amount_cents / 100.0, 2) as amount,
       round(fee_cents / 100.0, 4)::decimal as fee
from dev_m.input_src
limit 10

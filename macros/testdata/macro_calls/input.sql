select id,
       {{ cents_to_dollars("amount_cents") }} as amount,
       {{ money('fee_cents') }} as fee
from {{ this }}_src
{{ limit_dev() }}

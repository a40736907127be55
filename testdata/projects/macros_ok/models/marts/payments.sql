-- built as {{ this }} on target {{ target.name }}
SELECT id, {{ cents_to_dollars("amount_cents") }} AS amount
FROM raw.payments
WHERE amount_cents >= {{ var("min_amount") }}
